/**
 * The SQL definitions of the support and survey traits, shared by the per-customer recompute
 * (recompute-sql.ts) and the company-wide summary (experience-summary-sql.ts), so both count the same
 * tickets and answers the same way. Definitions: docs/metrics.md.
 */

/**
 * One row per ticket of `facts` (a relation with customer_id, id, source, entity, external_id,
 * owner_external_id and data), with what the aggregates below read. A ticket's metrics are the
 * ticket_metrics record of `metrics` (default: `facts` itself; a LATERAL subquery may stand in) of the same
 * customer and source whose owner is the ticket. `extra`: further columns of the ticket to carry along.
 * Handoffs as profile/channel-views.ts handoffsOf() defines them, null without metrics: greatest() skips
 * nulls, so greatest(NULL - 1, 0) would be 0 handoffs and count in the average.
 */
export function ticketRowsSql(facts: string, metrics = facts, extra: readonly string[] = []): string {
  return `SELECT t.customer_id, t.data ->> 'status' AS status, coalesce(t.data ->> 'channel', 'unknown') AS channel,
         (t.data ->> 'createdAt')::timestamptz AS created_at, t.data ->> 'satisfaction' AS satisfaction,
         t.data ->> 'status' IN ('solved', 'closed') AS solved, m.id IS NOT NULL AS has_metrics,
         coalesce((t.data ->> 'solvedAt')::timestamptz, (m.data ->> 'solvedAt')::timestamptz) AS solved_at,
         (m.data ->> 'reopens')::int AS reopens, (m.data ->> 'replies')::int AS replies,
         CASE WHEN m.id IS NOT NULL
              THEN greatest((m.data ->> 'assigneeStations')::int - 1, 0) + greatest((m.data ->> 'groupStations')::int - 1, 0) END AS handoffs,
         (m.data ->> 'fullResolutionMinutes')::numeric AS resolution_minutes${extra.map((c) => `, t.${c}`).join('')}
  FROM ${facts} t
  LEFT JOIN ${metrics} m ON m.customer_id = t.customer_id AND m.entity = 'ticket_metrics'
                   AND m.source = t.source AND m.owner_external_id = t.external_id
  WHERE t.entity = 'ticket'`;
}

/** Aggregates over ticketRowsSql rows. */
export const TICKETS_SQL = {
  /** Solved tickets: status solved or closed. */
  solved: `count(*) FILTER (WHERE solved)`,
  /** Satisfaction ratings given: good or bad (offered and unoffered are no rating). */
  rated: `count(*) FILTER (WHERE satisfaction IN ('good', 'bad'))`,
  /** CSAT: good ÷ (good + bad) × 100. */
  csat: `round(100.0 * count(*) FILTER (WHERE satisfaction = 'good')
      / nullif(count(*) FILTER (WHERE satisfaction IN ('good', 'bad')), 0), 2)`,
  /** Handoffs before resolution per solved ticket with metrics; avg() skips the nulls itself. */
  avgHandoffs: `round(avg(handoffs) FILTER (WHERE solved AND has_metrics), 2)`,
} as const;

/**
 * Survey answers among `facts` (a relation with customer_id, id, entity and data): NDJSON interactions
 * nps_response and ces_response whose value is a number, with `action`, `value` and `at` (occurredAt).
 */
export function surveyAnswersSql(facts: string): string {
  return `SELECT customer_id, id, data ->> 'action' AS action, (data ->> 'value')::numeric AS value, (data ->> 'occurredAt')::timestamptz AS at
        FROM ${facts} WHERE entity = 'interaction' AND data ->> 'action' IN ('nps_response', 'ces_response')
          AND jsonb_typeof(data -> 'value') = 'number'`;
}

/** Conditions over surveyAnswersSql rows: an answer in range (the import refuses others; older ones are ignored). */
export const SURVEY_SQL = {
  npsAnswer: `action = 'nps_response' AND value BETWEEN 0 AND 10`,
  cesAnswer: `action = 'ces_response' AND value BETWEEN 1 AND 7`,
  /** The NPS score of an answer: its value, rounded to a whole number. */
  npsScore: `round(value)::int`,
} as const;

/** promoter (9–10), passive (7–8), detractor (0–6) of an NPS score expression. */
export function npsCategorySql(score: string): string {
  return `CASE WHEN ${score} >= 9 THEN 'promoter' WHEN ${score} >= 7 THEN 'passive' WHEN ${score} >= 0 THEN 'detractor' END`;
}
