import { projectedConsentingCustomersSql } from '../segments/consent-sql';
import { npsCategorySql, SURVEY_SQL, surveyAnswersSql, TICKETS_SQL, ticketRowsSql } from './experience-sql';

/** The journey entries that place a rating, a solve or a survey answer in time (sources/zendesk/ticket.ts, ndjson/interaction.ts). */
const ENTRY_TYPES = ['ticket_rated', 'ticket_solved', 'nps_response', 'ces_response'] as const;

/**
 * The metrics records of ticket `t` with the customer their person record belongs to, as the customer's
 * facts hold them: a few index lookups per ticket found (source_record_owner_idx).
 */
const TICKET_METRICS = `LATERAL (
    SELECT p.customer_id, m.id, m.source, m.entity, m.owner_external_id, m.data
    FROM source_record m JOIN source_record p ON p.id = m.person_record_id AND p.person IS NOT NULL AND p.deleted_at IS NULL
    WHERE m.source = t.source AND m.owner_entity = 'ticket' AND m.owner_external_id = t.external_id AND m.deleted_at IS NULL
  )`;

/**
 * The company-wide experience summary in one statement: $1 from (inclusive), $2 to (exclusive), then the
 * customer ($3, `own`) and the consent channel (next, `consent`) when the scope names them.
 * The period's journey entries are found by journey_event_type_time_idx, their records and person records
 * by primary key, the tickets' metrics by source_record_owner_idx: the work follows the entries in the
 * period, not the customers. Tickets and answers are the rows recompute-sql.ts builds for a customer, and
 * are aggregated with the same expressions (experience-sql.ts).
 */
export function experienceSummarySql(scope: { own: boolean; consent: boolean }): string {
  let next = 3;
  const own = scope.own ? ` AND p.customer_id = $${next++}::uuid` : '';
  const consent = scope.consent ? ` AND p.customer_id IN (${projectedConsentingCustomersSql(`$${next++}::text`)})` : '';
  const { npsAnswer, cesAnswer } = SURVEY_SQL;
  return `
WITH entries AS MATERIALIZED (
  SELECT e.record_id, bool_or(e.type = 'ticket_rated') AS rated_in, bool_or(e.type = 'ticket_solved') AS solved_in
  FROM journey_event e
  WHERE e.type IN (${ENTRY_TYPES.map((t) => `'${t}'`).join(', ')}) AND e.occurred_at >= $1::timestamptz AND e.occurred_at < $2::timestamptz
  GROUP BY e.record_id
), found AS MATERIALIZED (
  -- as recompute-sql.ts reads facts: live records of a customer's live person records
  SELECT p.customer_id, r.id, r.source, r.entity, r.external_id, r.owner_external_id, r.data, x.rated_in, x.solved_in
  FROM entries x
  JOIN source_record r ON r.id = x.record_id AND r.deleted_at IS NULL
  JOIN source_record p ON p.id = r.person_record_id AND p.person IS NOT NULL AND p.deleted_at IS NULL
  WHERE p.customer_id IS NOT NULL${own}${consent}
), tickets AS MATERIALIZED (
  ${ticketRowsSql('found', TICKET_METRICS, ['rated_in', 'solved_in'])}
), rated AS (
  SELECT ${TICKETS_SQL.rated} AS rated_tickets, ${TICKETS_SQL.csat} AS csat FROM tickets WHERE rated_in
), solved AS (
  SELECT ${TICKETS_SQL.solved} AS solved_tickets, ${TICKETS_SQL.avgHandoffs} AS avg_handoffs FROM tickets WHERE solved_in
), answers AS (
  -- an answer's journey entry is timed at its occurredAt, so the period has placed it already
  SELECT action, value, ${npsCategorySql(SURVEY_SQL.npsScore)} AS category FROM (${surveyAnswersSql('found')}) s
), surveys AS (
  SELECT count(*) FILTER (WHERE ${npsAnswer}) AS nps_responses,
    round(100.0 * (count(*) FILTER (WHERE ${npsAnswer} AND category = 'promoter') - count(*) FILTER (WHERE ${npsAnswer} AND category = 'detractor'))
      / nullif(count(*) FILTER (WHERE ${npsAnswer}), 0), 2) AS nps,
    count(*) FILTER (WHERE ${cesAnswer}) AS ces_responses, round(avg(value) FILTER (WHERE ${cesAnswer}), 2) AS avg_ces_score
  FROM answers
)
SELECT r.rated_tickets::int AS "ratedTickets", r.csat::float8 AS csat, s.solved_tickets::int AS "solvedTickets",
       s.avg_handoffs::float8 AS "avgHandoffs", v.nps_responses::int AS "npsResponses", v.nps::float8 AS nps,
       v.ces_responses::int AS "cesResponses", v.avg_ces_score::float8 AS "avgCesScore"
FROM rated r, solved s, surveys v`;
}
