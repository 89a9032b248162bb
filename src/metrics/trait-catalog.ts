import { currencyCode } from './currency-code';

// Renames after the first commit are announced here (old name → new name) for the segment compiler.
// (none yet)

/** How a trait's value is typed in SQL and GraphQL: number = numeric (Float), integer = Int, timestamp = timestamptz. */
export type TraitType = 'number' | 'integer' | 'timestamp' | 'text' | 'boolean';

/** Policy classifications the traits carry (the classification of the matching CustomerMetrics field). */
export type TraitClassification = 'public' | 'behavioural' | 'experience' | 'consent' | 'financial';

export interface TraitDefinition {
  /** Segment and GraphQL name (field of CustomerMetrics; experienceScore is ExperienceScore.score). */
  readonly name: string;
  /** Column of customer_metrics. */
  readonly column: string;
  readonly type: TraitType;
  readonly classification: TraitClassification;
  readonly description: string;
  /** How a value a segment condition compares with the trait is written as the trait stores it. */
  readonly normalise?: (value: string) => string;
}

const trait = (
  name: string,
  column: string,
  type: TraitType,
  classification: TraitClassification,
  description: string,
  normalise?: (value: string) => string,
): TraitDefinition => Object.freeze({ name, column, type, classification, description, ...(normalise ? { normalise } : {}) });

/**
 * Every scalar trait of customer_metrics a segment may filter on (maps such as channel mix, list statuses
 * and score components are not conditions). Identifiers for SQL come from here, never from user input.
 * Definitions in docs/metrics.md.
 */
export const TRAIT_CATALOG: readonly TraitDefinition[] = Object.freeze([
  trait('asOf', 'as_of', 'timestamp', 'public', 'When the traits were computed; windows (30/90 days, recency) count back from it.'),
  // support (Zendesk tickets and ticket metrics)
  trait('ticketCount', 'ticket_count', 'integer', 'behavioural', 'Support tickets, all statuses except deleted.'),
  trait('openTickets', 'open_tickets', 'integer', 'behavioural', 'Tickets not yet solved (new, open, pending, hold).'),
  trait('solvedTickets', 'solved_tickets', 'integer', 'behavioural', 'Tickets solved or closed.'),
  trait('csat', 'csat', 'number', 'experience', 'Share of "good" among good and bad satisfaction ratings, 0–100.'),
  trait('csatCount', 'csat_count', 'integer', 'behavioural', 'Satisfaction ratings given (good or bad).'),
  trait('reopenRate', 'reopen_rate', 'number', 'behavioural', 'Share of solved tickets with metrics that were reopened at least once, 0–100.'),
  trait('firstContactResolutionRate', 'first_contact_resolution_rate', 'number', 'behavioural', 'Share of solved tickets with metrics solved without a reopen and with at most one reply, 0–100.'),
  trait('avgResolutionMinutes', 'avg_resolution_minutes', 'number', 'behavioural', 'Average full resolution time of solved tickets, calendar minutes.'),
  trait('lastResolutionMinutes', 'last_resolution_minutes', 'integer', 'behavioural', 'Full resolution time of the most recently solved ticket, calendar minutes.'),
  trait('avgHandoffs', 'avg_handoffs', 'number', 'behavioural', 'Handoffs before resolution per solved ticket: (assignee stations − 1) + (group stations − 1).'),
  trait('lastTicketAt', 'last_ticket_at', 'timestamp', 'behavioural', 'When the newest ticket was opened.'),
  // marketing (Mailchimp members and activity)
  trait('subscribedLists', 'subscribed_lists', 'integer', 'consent', 'Lists on which the customer is subscribed.'),
  trait('lastEngagedAt', 'last_engaged_at', 'timestamp', 'behavioural', 'Latest email open or click.'),
  trait('emailsSent30d', 'emails_sent_30d', 'integer', 'behavioural', 'Campaigns sent in the 30 days up to asOf.'),
  trait('openRate30d', 'open_rate_30d', 'number', 'behavioural', 'Share of the campaigns sent in 30 days that were opened, 0–100.'),
  trait('clickRate30d', 'click_rate_30d', 'number', 'behavioural', 'Share of the campaigns sent in 30 days that were clicked, 0–100.'),
  trait('emailsSent90d', 'emails_sent_90d', 'integer', 'behavioural', 'Campaigns sent in the 90 days up to asOf.'),
  trait('openRate90d', 'open_rate_90d', 'number', 'behavioural', 'Share of the campaigns sent in 90 days that were opened, 0–100.'),
  trait('clickRate90d', 'click_rate_90d', 'number', 'behavioural', 'Share of the campaigns sent in 90 days that were clicked, 0–100.'),
  trait('bounces', 'bounces', 'integer', 'behavioural', 'Email bounces, all time.'),
  trait('lastInteractionAt', 'last_interaction_at', 'timestamp', 'behavioural', 'Latest journey entry of any source and channel.'),
  // CRM (won opportunities) and orders (NDJSON interactions)
  trait('lifetimeValue', 'lifetime_value', 'number', 'financial', 'Won opportunity amounts plus order values, as the sources state them.'),
  trait('openPipeline', 'open_pipeline', 'number', 'financial', 'Amounts of opportunities not yet closed.'),
  trait('valueCurrency', 'value_currency', 'text', 'financial', 'The ISO 4217 code (upper case) of lifetime value and pipeline when all amounts share one, else null.', currencyCode),
  trait('purchaseCount', 'purchase_count', 'integer', 'financial', 'Purchases (frequency): won opportunities plus orders.'),
  trait('firstPurchaseAt', 'first_purchase_at', 'timestamp', 'financial', 'Earliest purchase.'),
  trait('lastPurchaseAt', 'last_purchase_at', 'timestamp', 'financial', 'Latest purchase.'),
  trait('recencyDays', 'recency_days', 'integer', 'financial', 'Whole days from the latest purchase to asOf.'),
  // surveys (NDJSON interactions nps_response / ces_response)
  trait('npsScore', 'nps_score', 'integer', 'experience', 'Latest answer to "how likely are you to recommend us", 0–10.'),
  trait('npsCategory', 'nps_category', 'text', 'experience', 'promoter (9–10), passive (7–8) or detractor (0–6), from npsScore.'),
  trait('cesScore', 'ces_score', 'number', 'experience', 'Latest customer effort score answer, 1–7.'),
  // behaviour only
  trait('experienceScore', 'experience_score', 'number', 'behavioural', 'Experience score 0–100 from behaviour alone (docs/metrics.md).'),
]);

const BY_NAME = new Map(TRAIT_CATALOG.map((t) => [t.name, t]));

/** The trait of a segment/GraphQL name, or undefined. */
export function traitNamed(name: string): TraitDefinition | undefined {
  return BY_NAME.get(name);
}
