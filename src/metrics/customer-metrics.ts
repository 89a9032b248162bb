import type { ScoreComponent, ScoreTraits } from './experience-score';
import { TRAIT_CATALOG } from './trait-catalog';

/** A customer's stored traits as the read side sees them (docs/metrics.md). */
export interface CustomerMetrics extends ScoreTraits {
  customerId: string;
  asOf: Date;
  solvedTickets: number;
  csat: number | null;
  csatCount: number;
  lastResolutionMinutes: number | null;
  lastTicketAt: Date | null;
  /** Tickets per channel they came in through (via.channel; 'unknown' when the source does not say). */
  channelMix: Record<string, number>;
  subscribedLists: number;
  /** Status per list id, as the most recently changed member record states it. */
  listStatuses: Record<string, string>;
  lastEngagedAt: Date | null;
  emailsSent30d: number;
  openRate30d: number | null;
  clickRate30d: number | null;
  emailsSent90d: number;
  clickRate90d: number | null;
  bounces: number;
  lastInteractionAt: Date | null;
  lifetimeValue: number;
  openPipeline: number;
  valueCurrency: string | null;
  purchaseCount: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  recencyDays: number | null;
  npsScore: number | null;
  npsCategory: string | null;
  cesScore: number | null;
  experienceScore: number | null;
  experienceComponents: ScoreComponent[];
}

/** A customer_metrics row as the statements return it: `to_json(m)` keeps numbers as numbers (timestamps as text). */
export interface CustomerMetricsRow {
  customerId: string;
  metrics: Record<string, unknown>;
}

export const METRICS_SELECT = (alias: string) => `${alias}.customer_id AS "customerId", to_json(${alias}) AS metrics`;

function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp') return new Date(value as string);
  if (type === 'number' || type === 'integer') return Number(value);
  return value;
}

/** The row of customer_metrics (snake_case json) as CustomerMetrics; the catalogue says how each column is typed. */
export function toCustomerMetrics(customerId: string, json: Record<string, unknown>): CustomerMetrics {
  const result: Record<string, unknown> = { customerId };
  for (const t of TRAIT_CATALOG) result[t.name] = convert(json[t.column], t.type);
  result.channelMix = json.channel_mix ?? {};
  result.listStatuses = json.list_statuses ?? {};
  result.experienceComponents = ((json.experience_components ?? []) as Record<string, unknown>[]).map((c) => ({
    name: String(c.name),
    weight: Number(c.weight),
    input: c.input === null ? null : Number(c.input),
    value: c.value === null ? null : Number(c.value),
    points: c.points === null ? null : Number(c.points),
  }));
  return result as unknown as CustomerMetrics;
}
