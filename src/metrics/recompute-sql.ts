import { attributesUpsertSql } from '../segments/customer-attributes-sql';
import { consentSelectSql, consentWriteCtes } from '../segments/customer-consent-sql';
import { customerEventsSelectSql, customerEventsWriteCtes } from '../segments/customer-events-sql';
import { currencyCodeSql } from './currency-code';
import { experienceScoreSql } from './experience-score';
import { npsCategorySql, SURVEY_SQL, surveyAnswersSql, TICKETS_SQL, ticketRowsSql } from './experience-sql';

/**
 * The one statement that computes every trait of a set of customers and upserts their customer_metrics rows
 * (and their customer_attributes, customer_consent and customer_journey_event rows, the projections
 * segments read).
 * `idsCte` is a query yielding `customer_id` (parameters from $2 on); $1 is asOf. Definitions:
 * docs/metrics.md. Only trusted SQL fragments are spliced in; values are parameters.
 */
export function recomputeSql(idsCte: string, dataCtes = ''): string {
  const score = experienceScoreSql();
  // $1 typed everywhere it appears, so its type never depends on which use the planner sees first
  return `
WITH ${dataCtes}
ids AS MATERIALIZED (
  SELECT c.id AS customer_id FROM customer c WHERE c.id IN (${idsCte})
), persons AS MATERIALIZED (
  SELECT p.customer_id, p.id, p.person, p.entity, p.data, coalesce(p.source_changed_at, p.last_changed_at) AS changed_at
  FROM ids JOIN source_record p ON p.customer_id = ids.customer_id
  WHERE p.person IS NOT NULL AND p.deleted_at IS NULL
), attributes AS (
  -- the profile attributes segments test (segments/customer-attributes-sql.ts), from the same person records
  ${attributesUpsertSql('ids', 'persons')}
), consents AS MATERIALIZED (
  -- consent per channel, as segments govern by it (segments/customer-consent-sql.ts)
  ${consentSelectSql('persons')}
), ${consentWriteCtes('ids', 'consents')}, facts AS MATERIALIZED (
  SELECT p.customer_id, r.id, r.source, r.entity, r.external_id, r.owner_external_id, r.data,
         coalesce(r.source_changed_at, r.last_changed_at) AS changed_at
  FROM persons p JOIN source_record r ON r.person_record_id = p.id
  WHERE r.deleted_at IS NULL
), events AS MATERIALIZED (
  -- the journey events segments test (segments/customer-events-sql.ts), from the same records
  ${customerEventsSelectSql('facts')}
), ${customerEventsWriteCtes('ids', 'events')}, tickets AS (
  -- the same ticket rows the company-wide summary reads (experience-sql.ts)
  ${ticketRowsSql('facts')}
), support AS (
  SELECT customer_id, count(*) AS ticket_count,
    count(*) FILTER (WHERE status IN ('new', 'open', 'pending', 'hold')) AS open_tickets,
    ${TICKETS_SQL.solved} AS solved_tickets, ${TICKETS_SQL.rated} AS csat_count, ${TICKETS_SQL.csat} AS csat,
    -- every rate and average over solved tickets with metrics (docs/metrics.md); avg() skips nulls itself
    round(100.0 * count(*) FILTER (WHERE solved AND has_metrics AND reopens > 0)
      / nullif(count(*) FILTER (WHERE solved AND has_metrics), 0), 2) AS reopen_rate,
    round(100.0 * count(*) FILTER (WHERE solved AND has_metrics AND reopens = 0 AND replies <= 1)
      / nullif(count(*) FILTER (WHERE solved AND has_metrics), 0), 2) AS first_contact_resolution_rate,
    round(avg(resolution_minutes) FILTER (WHERE solved), 1) AS avg_resolution_minutes,
    round((array_agg(resolution_minutes ORDER BY solved_at DESC NULLS LAST)
      FILTER (WHERE solved AND resolution_minutes IS NOT NULL))[1])::int AS last_resolution_minutes,
    ${TICKETS_SQL.avgHandoffs} AS avg_handoffs,
    max(created_at) AS last_ticket_at
  FROM tickets GROUP BY customer_id
), channels AS (
  SELECT customer_id, jsonb_object_agg(channel, n) AS channel_mix
  FROM (SELECT customer_id, channel, count(*) AS n FROM tickets GROUP BY 1, 2) x GROUP BY customer_id
), lists AS (
  -- the most recently changed member record of a list decides its status
  SELECT customer_id, jsonb_object_agg(data ->> 'listId', data ->> 'status' ORDER BY changed_at, id) AS list_statuses
  FROM facts WHERE entity = 'member' GROUP BY customer_id
), activity AS (
  SELECT customer_id, data ->> 'action' AS action, data ->> 'campaignId' AS campaign, (data ->> 'occurredAt')::timestamptz AS at
  FROM facts WHERE entity = 'activity'
), campaigns AS (
  SELECT customer_id, min(at) FILTER (WHERE action = 'sent') AS sent_at,
    bool_or(action IN ('open', 'click') AND at <= $1) AS opened, bool_or(action = 'click' AND at <= $1) AS clicked
  FROM activity WHERE campaign IS NOT NULL GROUP BY customer_id, campaign
), windows AS (
  SELECT customer_id,
    count(*) FILTER (WHERE w30) AS sent_30, count(*) FILTER (WHERE w30 AND opened) AS opened_30, count(*) FILTER (WHERE w30 AND clicked) AS clicked_30,
    count(*) FILTER (WHERE w90) AS sent_90, count(*) FILTER (WHERE w90 AND opened) AS opened_90, count(*) FILTER (WHERE w90 AND clicked) AS clicked_90
  FROM (SELECT *, sent_at > $1 - interval '30 days' AND sent_at <= $1 AS w30, sent_at > $1 - interval '90 days' AND sent_at <= $1 AS w90
        FROM campaigns WHERE sent_at IS NOT NULL) c
  GROUP BY customer_id
), email AS (
  SELECT customer_id, max(at) FILTER (WHERE action IN ('open', 'click') AND at <= $1) AS last_engaged_at,
    count(*) FILTER (WHERE action = 'bounce' AND at <= $1) AS bounces
  FROM activity GROUP BY customer_id
), interactions AS (
  -- the journey events read once, for customer_journey_event above
  SELECT customer_id, max(occurred_at) AS last_interaction_at FROM events WHERE occurred_at <= $1 GROUP BY customer_id
), money AS (
  SELECT customer_id, (data ->> 'isWon')::boolean AS purchase, (data ->> 'amount')::numeric AS amount, ${currencyCodeSql("data ->> 'currency'")} AS currency,
         ((data ->> 'closeDate') || 'T00:00:00Z')::timestamptz AS at
  FROM facts WHERE entity = 'opportunity' AND ((data ->> 'isWon')::boolean OR NOT (data ->> 'isClosed')::boolean)
  UNION ALL
  SELECT customer_id, true, (data ->> 'value')::numeric, ${currencyCodeSql("data -> 'attributes' ->> 'currency'")}, (data ->> 'occurredAt')::timestamptz
  FROM facts WHERE entity = 'interaction' AND data ->> 'action' IN ('order', 'order_placed', 'purchase')
), crm AS (
  SELECT customer_id,
    coalesce(sum(amount) FILTER (WHERE purchase), 0) AS lifetime_value,
    coalesce(sum(amount) FILTER (WHERE NOT purchase), 0) AS open_pipeline,
    -- count(DISTINCT) skips nulls: an amount without a currency must make it unknown, not take the others'
    CASE WHEN bool_and(currency IS NOT NULL) FILTER (WHERE amount IS NOT NULL)
          AND count(DISTINCT currency) FILTER (WHERE amount IS NOT NULL) = 1
         THEN min(currency) FILTER (WHERE amount IS NOT NULL) END AS value_currency,
    count(*) FILTER (WHERE purchase) AS purchase_count,
    min(at) FILTER (WHERE purchase) AS first_purchase_at, max(at) FILTER (WHERE purchase) AS last_purchase_at
  FROM money WHERE NOT purchase OR at IS NULL OR at <= $1 GROUP BY customer_id
), surveys AS (
  SELECT customer_id,
    (array_agg(${SURVEY_SQL.npsScore} ORDER BY at DESC, id DESC) FILTER (WHERE ${SURVEY_SQL.npsAnswer}))[1] AS nps_score,
    (array_agg(value ORDER BY at DESC, id DESC) FILTER (WHERE ${SURVEY_SQL.cesAnswer}))[1] AS ces_score
  FROM (${surveyAnswersSql('facts')}) s
  WHERE at <= $1 GROUP BY customer_id
), traits AS (
  SELECT ids.customer_id, $1::timestamptz AS as_of,
    coalesce(s.ticket_count, 0) AS ticket_count, coalesce(s.open_tickets, 0) AS open_tickets, coalesce(s.solved_tickets, 0) AS solved_tickets,
    s.csat, coalesce(s.csat_count, 0) AS csat_count, s.reopen_rate, s.first_contact_resolution_rate,
    s.avg_resolution_minutes, s.last_resolution_minutes, s.avg_handoffs, s.last_ticket_at,
    coalesce(ch.channel_mix, '{}') AS channel_mix, coalesce(l.list_statuses, '{}') AS list_statuses,
    (SELECT count(*) FROM jsonb_each_text(l.list_statuses) x WHERE x.value = 'subscribed')::int AS subscribed_lists,
    e.last_engaged_at,
    coalesce(w.sent_30, 0) AS emails_sent_30d, round(100.0 * w.opened_30 / nullif(w.sent_30, 0), 2) AS open_rate_30d,
    round(100.0 * w.clicked_30 / nullif(w.sent_30, 0), 2) AS click_rate_30d,
    coalesce(w.sent_90, 0) AS emails_sent_90d, round(100.0 * w.opened_90 / nullif(w.sent_90, 0), 2) AS open_rate_90d,
    round(100.0 * w.clicked_90 / nullif(w.sent_90, 0), 2) AS click_rate_90d,
    coalesce(e.bounces, 0) AS bounces, i.last_interaction_at,
    coalesce(m.lifetime_value, 0) AS lifetime_value, coalesce(m.open_pipeline, 0) AS open_pipeline, m.value_currency,
    coalesce(m.purchase_count, 0) AS purchase_count, m.first_purchase_at, m.last_purchase_at,
    floor(extract(epoch FROM $1 - m.last_purchase_at) / 86400)::int AS recency_days,
    sv.nps_score,
    ${npsCategorySql('sv.nps_score')} AS nps_category,
    round(sv.ces_score, 1) AS ces_score
  FROM ids
  LEFT JOIN support s ON s.customer_id = ids.customer_id
  LEFT JOIN channels ch ON ch.customer_id = ids.customer_id
  LEFT JOIN lists l ON l.customer_id = ids.customer_id
  LEFT JOIN windows w ON w.customer_id = ids.customer_id
  LEFT JOIN email e ON e.customer_id = ids.customer_id
  LEFT JOIN interactions i ON i.customer_id = ids.customer_id
  LEFT JOIN crm m ON m.customer_id = ids.customer_id
  LEFT JOIN surveys sv ON sv.customer_id = ids.customer_id
), written AS (
  INSERT INTO customer_metrics AS cm (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.slice(0, -2).map((c) => `t.${c}`).join(', ')}, ${score.score}, ${score.components}
  FROM traits t ${score.lateral}
  ON CONFLICT (customer_id) DO UPDATE SET ${COLUMNS.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
  RETURNING cm.customer_id
)
SELECT count(*)::int AS customers, max(customer_id::text) AS "lastId" FROM written`.replace(/\$1(?!\d)/g, () => '$1::timestamptz');
}

/** The columns of customer_metrics in the order the statement fills them (score last). */
export const COLUMNS = [
  'customer_id', 'as_of', 'ticket_count', 'open_tickets', 'solved_tickets', 'csat', 'csat_count', 'reopen_rate',
  'first_contact_resolution_rate', 'avg_resolution_minutes', 'last_resolution_minutes', 'avg_handoffs', 'last_ticket_at',
  'channel_mix', 'list_statuses', 'subscribed_lists', 'last_engaged_at', 'emails_sent_30d', 'open_rate_30d', 'click_rate_30d',
  'emails_sent_90d', 'open_rate_90d', 'click_rate_90d', 'bounces', 'last_interaction_at', 'lifetime_value', 'open_pipeline',
  'value_currency', 'purchase_count', 'first_purchase_at', 'last_purchase_at', 'recency_days', 'nps_score', 'nps_category',
  'ces_score', 'experience_score', 'experience_components',
] as const;
