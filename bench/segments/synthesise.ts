// A million-customer data set for the segment bench, written with set-based SQL (generate_series), no
// import: customers, their person records (CRM contacts, Mailchimp members, Zendesk users), email
// activity and tickets with their journey events, one customer_metrics and one customer_attributes row
// each, and customer_journey_event (the events by customer). Deterministic in g.
import type { DataSource } from 'typeorm';
import { attributesUpsertSql } from '../../src/segments/customer-attributes-sql';
import { ALL_CUSTOMER_EVENTS_SQL } from '../../src/segments/customer-events-sql';
import { consentSelectSql, LIVE_PERSONS_FOR_CONSENT } from '../../src/segments/customer-consent-sql';

const log = (message: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

/** Ids of the person records of customer g: contacts, members and users in their own ranges. */
const RANGES = (n: number) => ({ contact: 0, member: n, user: 2 * n, activity: 3 * n, ticket: 3 * n + 6 * n, metrics: 3 * n + 8 * n });

async function step(ds: DataSource, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const started = performance.now();
  await ds.query(sql, params);
  log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const PERSON = (g: string) => `jsonb_build_object(
  'firstName', (ARRAY['Ana','Bob','Carla','Dan','Eva','Farid','Grace','Hugo','Ines','Jon','Kim','Lena'])[1 + ${g} % 12],
  'lastName', (ARRAY['Smith','Garcia','Jones','Müller','Rossi','Dubois','Novak','Khan','Silva','Berg'])[1 + (${g} / 12) % 10],
  'emails', jsonb_build_array('p' || ${g} || '@example.com'),
  'phones', CASE WHEN ${g} % 4 = 0 THEN '[]'::jsonb ELSE jsonb_build_array('+4420' || lpad((${g} % 100000000)::text, 8, '0')) END,
  'addresses', jsonb_build_array(jsonb_build_object(
     'city', (ARRAY['London','Madrid','Paris','Berlin','Dublin','Austin'])[1 + ${g} % 6],
     'country', (ARRAY['GB','ES','FR','DE','IE','US'])[1 + ${g} % 6],
     'postcode', lpad((${g} % 99999)::text, 5, '0'))),
  'birthDate', to_char(date '1950-01-01' + (${g} * 7919 % 20000)::int, 'YYYY-MM-DD'),
  'identifiers', '[]'::jsonb)`;

/** Writes the data set as of `asOf` (events up to 180 days before it). Returns nothing; logs each step. */
export async function synthesise(ds: DataSource, n: number, asOf: Date): Promise<void> {
  const r = RANGES(n);
  const at = asOf.toISOString();
  await ds.query('SET synchronous_commit = off');
  // bulk load: the metrics and identity queues are filled directly (customer_metrics below), not per statement
  await ds.query('ALTER TABLE source_record DISABLE TRIGGER USER');
  await ds.query('ALTER TABLE customer DISABLE TRIGGER USER');
  await step(ds, 'customer', `INSERT INTO customer (id, display_name, search_text, created_at, updated_at)
    SELECT md5('bench-customer-' || g)::uuid, 'Customer ' || g, 'customer ' || g, $1, $1 FROM generate_series(1::bigint, $2::bigint) g`, [at, n]);
  const persons = (entity: string, source: string, offset: number, where: string, data: string) =>
    step(ds, `${entity} records`, `INSERT INTO source_record (id, source, entity, external_id, payload, data, person, content_hash,
        person_record_id, customer_id, source_changed_at, first_seen_at, last_changed_at) OVERRIDING SYSTEM VALUE
      SELECT ${offset} + g, '${source}', '${entity}', '${entity}-' || g, '{"synthetic":true}', ${data}, ${PERSON('g')}, md5('${entity}' || g),
        ${offset} + g, md5('bench-customer-' || g)::uuid, $1::timestamptz - (g % 700) * interval '1 day', $1, $1
      FROM generate_series(1::bigint, $2::bigint) g WHERE ${where}`, [at, n]);
  await persons('contact', 'salesforce', r.contact, 'g % 5 < 3', `jsonb_build_object('hasOptedOutOfEmail', g % 7 = 0)`);
  await persons('member', 'mailchimp', r.member, 'g % 2 = 0', `jsonb_build_object('listId', 'list-1', 'emailAddress', 'p' || g || '@example.com',
      'status', CASE WHEN g % 10 = 0 THEN 'unsubscribed' ELSE 'subscribed' END, 'permissions',
      jsonb_build_array(jsonb_build_object('id', 'p-sms', 'text', 'SMS', 'enabled', g % 3 = 0)))`);
  await persons('user', 'zendesk', r.user, 'g % 10 < 3', `'{}'::jsonb`);
  await emailActivity(ds, n, r, at);
  await tickets(ds, n, r, at);
  await step(ds, 'identity sequence', `SELECT setval(pg_get_serial_sequence('source_record', 'id'), (SELECT max(id) FROM source_record))`);
  await metrics(ds, n, at);
  await step(ds, 'customer_attributes', attributesUpsertSql('(SELECT id AS customer_id FROM customer)',
    '(SELECT customer_id, person FROM source_record WHERE customer_id IS NOT NULL AND person IS NOT NULL AND deleted_at IS NULL)'));
  await step(ds, 'customer_journey_event', ALL_CUSTOMER_EVENTS_SQL);
  await fillConsent(ds);
  await ds.query('ALTER TABLE source_record ENABLE TRIGGER USER');
  await ds.query('ALTER TABLE customer ENABLE TRIGGER USER');
  for (const table of ['customer', 'source_record', 'journey_event', 'customer_metrics', 'customer_metrics_hot', 'customer_attributes', 'customer_journey_event', 'customer_consent']) await step(ds, `vacuum analyze ${table}`, `VACUUM ANALYZE ${table}`);
}

/** Six activity records per member within ten days of each other, spread over 180 days: two sent, three opens, one click, each with its journey event. */
async function emailActivity(ds: DataSource, n: number, r: ReturnType<typeof RANGES>, at: string): Promise<void> {
  const activity = `SELECT ${r.activity} + (g / 2 - 1) * 6 + k AS id, g, k,
      (ARRAY['sent','sent','open','open','open','click'])[k] AS action,
      $1::timestamptz - (((g * 31) % (180 * 24)) + k * 40) * interval '1 hour' AS occurred_at
    FROM generate_series(2::bigint, $2::bigint, 2) g CROSS JOIN generate_series(1, 6) k`;
  await step(ds, 'activity records', `INSERT INTO source_record (id, source, entity, external_id, payload, data, content_hash, owner_entity,
      owner_external_id, person_record_id, first_seen_at, last_changed_at) OVERRIDING SYSTEM VALUE
    SELECT a.id, 'mailchimp', 'activity', 'act-' || a.id, '{"synthetic":true}', jsonb_build_object('action', a.action, 'occurredAt', a.occurred_at,
      'campaignId', 'c' || (a.k % 3)), md5('act' || a.id), 'member', 'member-' || a.g, ${r.member} + a.g, $1, $1 FROM (${activity}) a`, [at, n]);
  await step(ds, 'activity journey events', `INSERT INTO journey_event (record_id, occurred_at, type, channel, source, summary)
    SELECT a.id, a.occurred_at, (ARRAY['email_sent','email_sent','email_opened','email_opened','email_opened','email_clicked'])[a.k],
      'email', 'mailchimp', 'Campaign c' || (a.k % 3) FROM (${activity}) a`, [at, n]);
}

/** Two tickets per Zendesk user over 180 days, with metrics (every 9th reopened) and journey events. */
async function tickets(ds: DataSource, n: number, r: ReturnType<typeof RANGES>, at: string): Promise<void> {
  const ticket = `SELECT (g / 10) * 20 + (g % 10) * 2 + k AS t, g, k, $1::timestamptz - ((g * 17 + k * 4001) % (180 * 24)) * interval '1 hour' AS opened
    FROM generate_series(1::bigint, $2::bigint) g CROSS JOIN generate_series(0, 1) k WHERE g % 10 < 3`;
  await step(ds, 'tickets and metrics', `INSERT INTO source_record (id, source, entity, external_id, payload, data, content_hash, owner_entity,
      owner_external_id, person_record_id, source_changed_at, first_seen_at, last_changed_at) OVERRIDING SYSTEM VALUE
    SELECT ${r.ticket} + x.t * 2 + e, 'zendesk', (ARRAY['ticket','ticket_metrics'])[e + 1], x.t::text, '{"synthetic":true}',
      CASE WHEN e = 0 THEN jsonb_build_object('status', 'solved', 'createdAt', x.opened, 'solvedAt', x.opened + interval '1 day',
        'satisfaction', (ARRAY['good','bad','offered','unoffered'])[1 + x.t % 4])
      ELSE jsonb_build_object('ticketId', x.t::text, 'reopens', CASE WHEN x.t % 9 = 0 THEN 1 ELSE 0 END, 'replies', 2,
        'assigneeStations', 1 + x.t % 3, 'groupStations', 1) END,
      md5('t' || x.t || e), (ARRAY['user','ticket'])[e + 1], CASE WHEN e = 0 THEN 'user-' || x.g ELSE x.t::text END,
      ${r.user} + x.g, x.opened + interval '1 day', $1, $1
    FROM (${ticket}) x CROSS JOIN generate_series(0, 1) e`, [at, n]);
  await step(ds, 'ticket journey events', `INSERT INTO journey_event (record_id, occurred_at, type, channel, source, summary)
    SELECT ${r.ticket} + x.t * 2, x.opened + s * interval '1 day', (ARRAY['ticket_opened','ticket_solved','ticket_rated'])[s + 1],
      'support', 'zendesk', 'Ticket ' || x.t
    FROM (${ticket}) x CROSS JOIN generate_series(0, 2) s WHERE s < 2 OR x.t % 4 < 2`, [at, n]);
}

/** One row of typed traits per customer (values spread deterministically). */
async function metrics(ds: DataSource, n: number, at: string): Promise<void> {
  await step(ds, 'customer_metrics', `INSERT INTO customer_metrics (customer_id, as_of, ticket_count, csat, csat_count, reopen_rate,
      last_engaged_at, emails_sent_30d, open_rate_30d, click_rate_30d, lifetime_value, purchase_count, last_purchase_at,
      recency_days, nps_score, experience_score)
    SELECT md5('bench-customer-' || g)::uuid, $1, (g % 10 < 3)::int * 2, CASE WHEN g % 10 < 3 THEN (g % 101) END, (g % 10 < 3)::int,
      CASE WHEN g % 10 < 3 THEN (g % 9 = 0)::int * 50 END,
      CASE WHEN g % 2 = 0 THEN $1::timestamptz - (g % 180) * interval '1 day' END, (g % 2 = 0)::int * 2,
      CASE WHEN g % 2 = 0 THEN (g * 13 % 101) END, CASE WHEN g % 2 = 0 THEN (g * 7 % 51) END,
      (g * 7919 % 500000) / 100.0, g % 6, CASE WHEN g % 6 > 0 THEN $1::timestamptz - (g % 400) * interval '1 day' END,
      CASE WHEN g % 6 > 0 THEN g % 400 END, CASE WHEN g % 8 = 0 THEN g % 11 END, (g * 37 % 1001) / 10.0
    FROM generate_series(1::bigint, $2::bigint) g`, [at, n]);
}

/**
 * customer_consent (migration 1765306000002) as its migration backfills it. The migration runs before the data
 * set is written, so without this step the projection stays empty and every governed preview or refresh
 * matches nobody (a data set built before this step: the bench fills it on its next start).
 */
export async function fillConsent(ds: DataSource): Promise<void> {
  await step(ds, 'customer_consent', `INSERT INTO customer_consent (customer_id, channel, granted) ${consentSelectSql(LIVE_PERSONS_FOR_CONSENT)}
    ON CONFLICT (customer_id, channel) DO NOTHING`);
}
