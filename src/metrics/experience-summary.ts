/** Satisfaction, NPS, effort and handoffs over every customer in a period (docs/metrics.md, Company-wide). */
export interface ExperienceSummary {
  /** The period: from (inclusive) to (exclusive). */
  from: Date;
  to: Date;
  /** Tickets rated good or bad in the period, and good ÷ (good + bad) × 100 of them. */
  ratedTickets: number;
  csat: number | null;
  /** NPS answers given in the period, and % promoters − % detractors of them (−100 to 100). */
  npsResponses: number;
  nps: number | null;
  /** Customer effort answers given in the period, and their mean (1–7). */
  cesResponses: number;
  avgCesScore: number | null;
  /** Tickets solved in the period (still solved or closed), and handoffs per such ticket with metrics. */
  solvedTickets: number;
  avgHandoffs: number | null;
}

/**
 * Whose data a summary covers: the customers the caller may see at all (profile/customer.loaders.ts
 * RowAccess). `customerId`: only that customer; `consentChannel`: only customers consenting to it.
 */
export interface SummaryScope {
  customerId: string | null;
  consentChannel: string | null;
}

export const EVERY_CUSTOMER: SummaryScope = { customerId: null, consentChannel: null };

/** The summary of a period with nothing in it (a caller who may see no customer). */
export function emptySummary(period: { from: Date; to: Date }): ExperienceSummary {
  return { ...period, ratedTickets: 0, csat: null, npsResponses: 0, nps: null, cesResponses: 0, avgCesScore: null, solvedTickets: 0, avgHandoffs: null };
}

/** Without `from`, a period reaches this many days back from `to`. */
export const DEFAULT_PERIOD_DAYS = 90;

/** The period asked for, `to` defaulting to now and `from` to DEFAULT_PERIOD_DAYS before `to`; a problem when it is empty. */
export function summaryPeriod(from: Date | null | undefined, to: Date | null | undefined, now = new Date()): { from: Date; to: Date } | { problem: string } {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
  if (!(start.getTime() < end.getTime())) return { problem: 'from must be before to' };
  return { from: start, to: end };
}
