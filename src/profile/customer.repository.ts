import type { DataSource } from 'typeorm';
import { PreparedQueries } from '../db/prepared-query';
import { journeyPageSql, journeyPageParams, type JourneyEntryRow, type JourneyQuery } from '../journey/journey.repository';
import { METRICS_SELECT, toCustomerMetrics, type CustomerMetrics, type CustomerMetricsRow } from '../metrics/customer-metrics';
import { ACCOUNT_OPPORTUNITY_COLUMNS, FACT_COLUMNS, RECORD_COLUMNS, type AccountOpportunityRow, type FactRow, type RecordRow } from './records';

export interface CustomerRow {
  id: string;
  displayName: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A customer found by an id that may be an alias of the customer it was merged into. */
export interface ResolvedCustomer extends CustomerRow {
  requestedId: string;
  mergedFrom: string | null;
}

/** High-volume event records are read through the journey, not with the profile. */
const PROFILE_EXCLUDED_ENTITIES = ['activity', 'interaction'];

const LIST_COLUMNS = `SELECT c.id, c.display_name AS "displayName", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;
const LIST_ORDER = 'ORDER BY c.display_name, c.id';
/** Names in order a search looks through before it reads the search index instead. */
const EARLY_NAMES = 5000;

export class CustomerRepository {
  private readonly prepared: PreparedQueries;
  constructor(private readonly dataSource: DataSource) {
    this.prepared = new PreparedQueries(dataSource);
  }

  /** Keyset page ordered by display name then id. `search`: any of these terms (searchTerms) is in the names, emails or phones. */
  async list(options: { first: number; after?: [string, string]; search?: readonly string[] }): Promise<CustomerRow[]> {
    const params: unknown[] = [options.first];
    const after = options.after ? `(c.display_name, c.id) > ($2, $3::uuid)` : 'true';
    if (options.after) params.push(options.after[0], options.after[1]);
    if (!options.search) return this.dataSource.query(`${LIST_COLUMNS} FROM customer c WHERE ${after} ${LIST_ORDER} LIMIT $1`, params);
    params.push(options.search.map((term) => `%${escapeLike(term.toLowerCase())}%`));
    const matches = `c.search_text LIKE ANY($${params.length}::text[])`;
    // A common term (a surname, a mail provider) is met early among the names in order; a rare one is read from
    // the trigram index (migration 1766900000100), all its matches then sorted. No one plan serves both, and
    // PostgreSQL cannot estimate how many customers hold a substring: at 491,543 customers walking the names
    // took 0.5–1.5 s for a rare term or a first name, and the index 0.1–0.4 s for a common surname.
    const early: CustomerRow[] = await this.dataSource.query(
      `${LIST_COLUMNS} FROM (SELECT * FROM customer c WHERE ${after} ${LIST_ORDER} LIMIT ${EARLY_NAMES}) c WHERE ${matches} ${LIST_ORDER} LIMIT $1`,
      params,
    );
    if (early.length === options.first) return early;
    // Too few among the first names: the matches are few or far along, so all of them are read by the index,
    // in a plan made for these terms (the pool's generic plan would not know them).
    return this.dataSource.transaction(async (em) => {
      await em.query('SET LOCAL plan_cache_mode = force_custom_plan');
      return em.query(
        `WITH found AS MATERIALIZED (SELECT c.id, c.display_name, c.created_at, c.updated_at FROM customer c WHERE ${after} AND ${matches})
         ${LIST_COLUMNS} FROM found c ${LIST_ORDER} LIMIT $1`,
        params,
      );
    });
  }

  /** The customer of a source record: a person record's own, or the one its owning person belongs to. */
  async findIdBySourceRecord(source: string, externalId: string, entity?: string): Promise<string | null> {
    const rows: { customer_id: string }[] = await this.dataSource.query(
      `SELECT p.customer_id FROM source_record r JOIN source_record p ON p.id = r.person_record_id
       WHERE r.source = $1 AND r.external_id = $2 AND ($3::text IS NULL OR r.entity = $3)
         AND r.deleted_at IS NULL AND p.deleted_at IS NULL AND p.customer_id IS NOT NULL
       ORDER BY (r.person IS NOT NULL) DESC, r.id LIMIT 1`,
      [source, externalId, entity ?? null],
    );
    return rows[0]?.customer_id ?? null;
  }

  /**
   * Everything a profile shows except the journey, for many customers, in one statement: their records,
   * latest email activity, the accounts of their contacts and those accounts' opportunities.
   */
  async bundles(customerIds: readonly string[], activityLimit: number): Promise<CustomerBundle[]> {
    const rows: (BundleJson & { customerId: string })[] = await this.prepared.query(
      'customer_bundles',
      `WITH ${bundleCtes('SELECT unnest($1::uuid[])')}
       SELECT q.cid AS "customerId", ${bundleColumns('q.cid', 2)} FROM unnest($1::uuid[]) AS q(cid)`,
      [customerIds, PROFILE_EXCLUDED_ENTITIES, activityLimit],
    );
    return rows.map((r) => ({ customerId: r.customerId, activityLimit, ...bundleFromJson(r) }));
  }

  /**
   * A whole profile in one statement: each requested customer (aliases followed), its bundle when
   * `withBundle`, and one journey page when `journey` is given. What the GraphQL layer prefetches for a
   * `customer` or `customers` query, so the nested fields cost no further statement.
   */
  async profiles(requestedIds: readonly string[], options: ProfileOptions): Promise<CustomerProfile[]> {
    const journey = options.journey ?? { first: 0 };
    const rows: (BundleJson & CustomerJson & { journey: JourneyJson[] | null; metrics: Record<string, unknown> | null })[] = await this.prepared.query(
      'customer_profiles',
      `WITH requested AS (
         SELECT q.requested, a.alias_id IS NOT NULL AS merged, c.id, c.display_name, c.created_at, c.updated_at
         FROM unnest($1::uuid[]) AS q(requested)
         LEFT JOIN customer_alias a ON a.alias_id = q.requested
         JOIN customer c ON c.id = coalesce(a.customer_id, q.requested)
       ), ${bundleCtes('SELECT id FROM requested WHERE $4::boolean')}
       SELECT q.requested AS "requestedId", CASE WHEN q.merged THEN q.requested END AS "mergedFrom",
              q.id, q.display_name AS "displayName", q.created_at AS "createdAt", q.updated_at AS "updatedAt",
              ${bundleColumns('q.id', 2)},
              CASE WHEN $5::boolean THEN coalesce((SELECT json_agg(j ORDER BY j."occurredAt" DESC, j.id::bigint DESC)
                FROM (${journeyPageSql('q.id', 6)}) j), '[]') END AS journey,
              CASE WHEN $13::boolean THEN (SELECT to_json(m) FROM customer_metrics m WHERE m.customer_id = q.id) END AS metrics
       FROM requested q`,
      [
        requestedIds, PROFILE_EXCLUDED_ENTITIES, options.activityLimit, options.withBundle, options.journey !== null,
        ...journeyPageParams(journey), Boolean(options.withMetrics),
      ],
    );
    return rows.map((r) => ({
      customer: {
        requestedId: r.requestedId,
        mergedFrom: r.mergedFrom,
        id: r.id,
        displayName: r.displayName,
        createdAt: new Date(r.createdAt),
        updatedAt: new Date(r.updatedAt),
      },
      bundle: options.withBundle ? { customerId: r.id, activityLimit: options.activityLimit, ...bundleFromJson(r) } : null,
      journey: r.journey ? journeyFromJson(r.journey, r.id) : null,
      metrics: options.withMetrics ? (r.metrics ? toCustomerMetrics(r.id, r.metrics) : null) : undefined,
    }));
  }

  /** Computed traits of the given customers (docs/metrics.md); customers not computed yet are absent. */
  async metrics(customerIds: readonly string[]): Promise<CustomerMetrics[]> {
    const rows: CustomerMetricsRow[] = await this.prepared.query(
      'customer_metrics_of',
      `SELECT ${METRICS_SELECT('m')} FROM customer_metrics m WHERE m.customer_id = ANY($1::uuid[])`,
      [customerIds],
    );
    return rows.map((r) => toCustomerMetrics(r.customerId, r.metrics));
  }

  /** Raw payloads by record id: the largest column, read only when a caller asks for it. */
  async payloads(recordIds: readonly string[]): Promise<{ id: string; payload: Record<string, unknown> }[]> {
    return this.dataSource.query('SELECT id::text AS id, payload FROM source_record WHERE id = ANY($1::bigint[])', [recordIds]);
  }

  /** Opportunities of the given accounts (including ones with no contact). */
  async opportunitiesOfAccounts(keys: readonly { source: string; externalId: string }[]): Promise<AccountOpportunityRow[]> {
    return this.dataSource.query(
      `SELECT ${ACCOUNT_OPPORTUNITY_COLUMNS} FROM unnest($1::text[], $2::text[]) AS k(source, account_id)
       JOIN source_record r ON r.source = k.source AND r.entity = 'opportunity' AND (r.data ->> 'accountId') = k.account_id
       WHERE r.deleted_at IS NULL ORDER BY r.id`,
      [keys.map((k) => k.source), keys.map((k) => k.externalId)],
    );
  }
}

export interface CustomerBundle {
  customerId: string;
  records: RecordRow[];
  /** The latest `activityLimit` email activity records, newest first. */
  activity: FactRow[];
  activityLimit: number;
  accounts: FactRow[];
  accountOpportunities: AccountOpportunityRow[];
}

export interface ProfileOptions {
  withBundle: boolean;
  /** Latest email activity read with the bundle. */
  activityLimit: number;
  /** The journey page to read with the profile, or null for none. */
  journey: JourneyQuery | null;
  /** Read the customer's computed traits too. */
  withMetrics?: boolean;
}

export interface CustomerProfile {
  customer: ResolvedCustomer;
  bundle: CustomerBundle | null;
  journey: JourneyEntryRow[] | null;
  /** Computed traits when asked for (null: not computed yet). */
  metrics?: CustomerMetrics | null;
}

/** Person records of the customers `customerIds` (a subquery) and the CRM accounts their contacts belong to. */
function bundleCtes(customerIds: string): string {
  return `persons AS (
           SELECT p.customer_id, p.id FROM source_record p
           WHERE p.customer_id IN (${customerIds}) AND p.person IS NOT NULL AND p.deleted_at IS NULL
         ), account_keys AS (
           SELECT DISTINCT p.customer_id, c.source, c.data ->> 'accountId' AS account_id
           FROM persons p JOIN source_record c ON c.id = p.id WHERE c.entity = 'contact' AND c.data ? 'accountId'
         )`;
}

/** The four bundle columns of customer `cid`; parameters $p (excluded entities) and $p+1 (activity limit). */
function bundleColumns(cid: string, firstParam: number): string {
  const excluded = `$${firstParam}::text[]`;
  const limit = `$${firstParam + 1}`;
  return `coalesce((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
             SELECT ${RECORD_COLUMNS} FROM persons p JOIN source_record r ON r.person_record_id = p.id
             WHERE p.customer_id = ${cid} AND r.deleted_at IS NULL AND r.entity <> ALL(${excluded})) x), '[]') AS records,
           coalesce((SELECT json_agg(x) FROM (
             SELECT ${FACT_COLUMNS} FROM persons p JOIN source_record r ON r.person_record_id = p.id
             WHERE p.customer_id = ${cid} AND r.entity = 'activity' AND r.deleted_at IS NULL
             ORDER BY (r.data ->> 'occurredAt') DESC, r.id DESC LIMIT ${limit}) x), '[]') AS activity,
           coalesce((SELECT json_agg(x) FROM (
             SELECT ${FACT_COLUMNS} FROM account_keys k
             JOIN source_record r ON r.source = k.source AND r.entity = 'account' AND r.external_id = k.account_id
             WHERE k.customer_id = ${cid} AND r.deleted_at IS NULL) x), '[]') AS accounts,
           coalesce((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
             SELECT ${ACCOUNT_OPPORTUNITY_COLUMNS} FROM account_keys k
             JOIN source_record r ON r.source = k.source AND r.entity = 'opportunity' AND (r.data ->> 'accountId') = k.account_id
             WHERE k.customer_id = ${cid} AND r.deleted_at IS NULL) x), '[]') AS "accountOpportunities"`;
}

interface BundleJson {
  records: JsonRecord[];
  activity: FactRow[];
  accounts: FactRow[];
  accountOpportunities: AccountOpportunityRow[];
}

interface CustomerJson {
  requestedId: string;
  mergedFrom: string | null;
  id: string;
  displayName: string;
  createdAt: string | Date;
  updatedAt: string | Date;
}

type JourneyJson = Omit<JourneyEntryRow, 'customerId' | 'occurredAt'> & { occurredAt: string };

function bundleFromJson(r: BundleJson): Omit<CustomerBundle, 'customerId' | 'activityLimit'> {
  return {
    records: r.records.map(fromJson),
    activity: r.activity,
    accounts: r.accounts,
    accountOpportunities: r.accountOpportunities,
  };
}

type JsonRecord = Omit<RecordRow, 'sourceChangedAt' | 'firstSeenAt' | 'lastChangedAt'> & {
  sourceChangedAt: string | null;
  firstSeenAt: string;
  lastChangedAt: string;
};

/**
 * json_agg turns timestamps into strings; the read side works with Dates. The objects were just parsed and
 * belong to nobody else, so they are converted in place (a copy per record showed in the profile's CPU).
 */
function fromJson(r: JsonRecord): RecordRow {
  const row = r as unknown as RecordRow;
  row.sourceChangedAt = r.sourceChangedAt ? new Date(r.sourceChangedAt) : null;
  row.firstSeenAt = new Date(r.firstSeenAt);
  row.lastChangedAt = new Date(r.lastChangedAt);
  return row;
}

/** A journey page read as JSON, converted in place like fromJson. */
function journeyFromJson(entries: JourneyJson[], customerId: string): JourneyEntryRow[] {
  for (const e of entries) {
    const row = e as unknown as JourneyEntryRow;
    row.customerId = customerId;
    row.occurredAt = new Date(e.occurredAt);
  }
  return entries as unknown as JourneyEntryRow[];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
