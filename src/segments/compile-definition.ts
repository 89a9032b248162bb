import { countryKey } from '../shared/country';
import { EVENT_TYPES, SOURCE_SYSTEMS } from './catalogues';
import { projectedConsentingCustomersSql } from './consent-sql';
import { leavesOf, type Condition, type LeafCondition, type ValueTest, type ValueType } from './definition';
import { ATTRIBUTES_TABLE } from './customer-attributes-sql';
import { EVENTS_TABLE } from './customer-events-sql';
import { CHANGED_AT, LIVE_PERSON, quoteIdentifier, SqlParams, type CompiledQuery, type SqlType } from './sql';

const DAY_MS = 86_400_000;

/** The table of computed traits (migrations/1764700000000-CustomerMetrics.ts): one row per customer. */
export const METRICS_TABLE = 'customer_metrics';
/**
 * The dozen trait columns most conditions read, also in customer_metrics_hot (migration 1765400000002, kept
 * identical by triggers): a condition whose traits are all among them reads that narrower table instead.
 */
export const HOT_METRICS_TABLE = 'customer_metrics_hot';
export const HOT_TRAIT_COLUMNS: ReadonlySet<string> = new Set([
  'last_engaged_at', 'last_purchase_at', 'emails_sent_30d', 'purchase_count', 'recency_days', 'ticket_count', 'nps_score',
  'experience_score', 'open_rate_30d', 'click_rate_30d', 'lifetime_value', 'csat',
]);

/** customer_metrics_hot when every trait the condition reads is there, else customer_metrics. */
export function traitTableOf(condition: Condition): string {
  return onlyHotTraits(condition) ? HOT_METRICS_TABLE : METRICS_TABLE;
}

const onlyHotTraits = (condition: Condition) =>
  leavesOf(condition).every((l) => l.kind !== 'trait' || HOT_TRAIT_COLUMNS.has(l.trait.column));

/**
 * True when the condition tests profile attributes and traits that are all hot: customer_attributes holds
 * copies of the hot traits (migration 1765900000000), so one table answers it without a join.
 */
function attributesHoldTraits(condition: Condition): boolean {
  const kinds = new Set(leavesOf(condition).map((l) => l.kind));
  return kinds.has('profile') && kinds.has('trait') && onlyHotTraits(condition);
}

export interface CompileOptions {
  /** The reference time of relative windows ("in the last 30 days"): a parameter, so compiling stays pure. */
  now: Date;
}

/** Where trait columns are read: `m` (a metrics table, the default) or customer_attributes' copies (`a`). */
export interface Tables extends CompileOptions {
  traitAlias?: 'm' | 'a';
}

/**
 * A definition as one parameterised statement selecting the ids of matching customers (`SELECT c.id …`).
 * Every value is a parameter; identifiers come from the catalogues.
 */
export function compileDefinition(condition: Condition, options: CompileOptions): CompiledQuery {
  const params = new SqlParams();
  return { sql: selectIds(condition, params, options), params: params.values };
}

/**
 * `SELECT c.id FROM … WHERE …`, driven by what is cheapest to start from (measured at a million customers,
 * docs/benchmarks.md): a positive set condition of the top-level AND (events first, they are the most
 * selective) becomes the FROM and the rest filters it; else, when the condition cannot hold for a customer
 * without a row there, customer_metrics or customer_attributes alone; else every customer, filtered.
 * Trait tests read `m`, profile tests `a`: each table is joined only when a condition reads it; hot traits
 * next to a profile test read customer_attributes' copies (`a`), so that one table answers both.
 */
export function selectIds(condition: Condition, params: SqlParams, options: CompileOptions): string {
  // hot traits read from customer_attributes' copies are reads of that table: one table, alias `a`
  const shared = attributesHoldTraits(condition);
  const tableOf = (kind: ColumnKind): ColumnKind => (shared ? 'profile' : kind);
  const tables: Tables = { ...options, traitAlias: shared ? 'a' : 'm' };
  const conjuncts = condition.kind === 'and' ? condition.children : [condition];
  const driver = [...conjuncts].sort((a, b) => DRIVER_RANK(a) - DRIVER_RANK(b))[0]!;
  if (DRIVER_RANK(driver) < TRAIT_RANK) {
    const { set, distinct } = leafSet(driver as LeafCondition, params, tables);
    const rest = conjuncts.filter((c) => c !== driver);
    const restTree: Condition | null = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and', path: condition.path, children: rest };
    const joins = restTree ? joinsFor(restTree, null, tableOf) : '';
    const ids = distinct ? `SELECT x.customer_id AS id FROM (${set}) x` : `SELECT DISTINCT x.customer_id AS id FROM (${set}) x`;
    return `SELECT c.id FROM (${ids}) c${joins} WHERE ${restTree ? conditionSql(restTree, params, tables) : 'true'}`;
  }
  const where = conditionSql(condition, params, tables);
  if (needsRow(condition, 'trait', tableOf)) return `SELECT c.id FROM ${traitTableOf(condition)} m CROSS JOIN LATERAL (SELECT m.customer_id AS id) c${joinsFor(condition, 'trait', tableOf)} WHERE ${where}`;
  if (needsRow(condition, 'profile', tableOf)) return `SELECT c.id FROM ${ATTRIBUTES_TABLE} a CROSS JOIN LATERAL (SELECT a.customer_id AS id) c${joinsFor(condition, 'profile', tableOf)} WHERE ${where}`;
  return `SELECT c.id FROM customer c${joinsFor(condition, null, tableOf)} WHERE ${where}`;
}

type ColumnKind = 'trait' | 'profile';

/** LEFT JOINs of the per-customer tables the condition reads, other than the one already in the FROM. */
function joinsFor(condition: Condition, inFrom: ColumnKind | null, tableOf: (kind: ColumnKind) => ColumnKind): string {
  const kinds = new Set(leavesOf(condition).flatMap((l) => (l.kind === 'trait' || l.kind === 'profile' ? [tableOf(l.kind)] : [])));
  const join = { trait: `${traitTableOf(condition)} m ON m.customer_id`, profile: `${ATTRIBUTES_TABLE} a ON a.customer_id` };
  return (['trait', 'profile'] as const)
    .filter((k) => kinds.has(k) && k !== inFrom)
    .map((k) => ` LEFT JOIN ${join[k]} = c.id`)
    .join('');
}

/** True when no customer without a row of that table can match (so that table alone can drive). */
function needsRow(c: Condition, kind: ColumnKind, tableOf: (kind: ColumnKind) => ColumnKind): boolean {
  switch (c.kind) {
    case 'trait':
    case 'profile':
      return tableOf(c.kind) === kind && c.test.op !== 'isNull';
    case 'and':
      return c.children.some((child) => needsRow(child, kind, tableOf));
    case 'or':
      return c.children.every((child) => needsRow(child, kind, tableOf));
    default:
      return false;
  }
}

const TRAIT_RANK = 10;
/** Lower drives: a positive indexed set (event, consent, source); column tests filter (needsRow picks their table). */
function DRIVER_RANK(c: Condition): number {
  switch (c.kind) {
    case 'event':
      return c.min > 0 ? 0 : 99;
    case 'consent':
      return c.granted ? 1 : 99;
    case 'source':
      return 2;
    default:
      return 99;
  }
}

/**
 * A boolean expression over `c` (and `m`). Comparisons never match a missing value; under `not` a child
 * that is unknown (NULL) counts as false, so `not` is the complement of the set its child selects.
 */
export function conditionSql(condition: Condition, params: SqlParams, options: Tables): string {
  switch (condition.kind) {
    case 'and':
      return `(${condition.children.map((c) => conditionSql(c, params, options)).join(' AND ')})`;
    case 'or':
      return `(${condition.children.map((c) => conditionSql(c, params, options)).join(' OR ')})`;
    case 'not':
      return `NOT coalesce(${conditionSql(condition.child, params, options)}, false)`;
    default:
      return leafSql(condition, params, options);
  }
}

function leafSql(leaf: LeafCondition, params: SqlParams, options: Tables): string {
  if (leaf.kind === 'trait') {
    const test = leaf.trait.normalise ? normaliseTest(leaf.test, leaf.trait.normalise) : leaf.test;
    return testSql(`${options.traitAlias ?? 'm'}.${quoteIdentifier(leaf.trait.column)}`, leaf.trait.type, test, params, options);
  }
  if (leaf.kind === 'profile') return profileSql(leaf.attribute, leaf.test, params, options);
  const { set, negated } = leafSet(leaf, params, options);
  return negated ? `NOT (c.id IN (${set}))` : `c.id IN (${set})`;
}

/**
 * A condition other than a column test as a set of customer ids (a query with a customer_id column), or its
 * complement; `distinct` when no id repeats (grouped sets).
 */
function leafSet(leaf: LeafCondition, params: SqlParams, options: CompileOptions): { set: string; negated: boolean; distinct?: boolean } {
  switch (leaf.kind) {
    case 'source': {
      const entities = leaf.name === null ? SOURCE_SYSTEMS[leaf.system!] : [];
      const which = leaf.name !== null
        ? `p.source = ${params.add(leaf.name, 'text')}`
        : entities.length === 1 ? `p.entity = ${params.add(entities[0], 'text')}` : `p.entity = ANY(${params.list(entities, 'text')})`;
      // DISTINCT ON is always a Unique over sorted rows, never a hash; with one source or one kind the partial
      // indexes on (source | entity, customer_id) yield the ids in order. Plain DISTINCT was hashed: estimated
      // at 18k of 300k rows (the null tests' fractions multiplied), it spilled to disk (344 → ~90 ms at 10^6).
      return { set: `SELECT DISTINCT ON (p.customer_id) p.customer_id FROM source_record p WHERE ${which} AND ${LIVE_PERSON} ORDER BY p.customer_id`, negated: false, distinct: true };
    }
    case 'consent':
      return { set: projectedConsentingCustomersSql(params.add(leaf.channel, 'text')), negated: !leaf.granted };
    case 'event':
      return eventSet(leaf, params, options);
    case 'trait':
    case 'profile':
      throw new Error(`a ${leaf.kind} condition is a column test, not a set`);
  }
}

const CAST: Record<Exclude<ValueType, 'presence'>, SqlType> = {
  number: 'numeric',
  integer: 'bigint',
  timestamp: 'timestamptz',
  date: 'date',
  text: 'text',
  boolean: 'boolean',
};

const COMPARE = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** One value test over a scalar expression. */
export function testSql(expr: string, type: ValueType, test: ValueTest, params: SqlParams, options: CompileOptions): string {
  const cast = type === 'presence' ? 'text' : CAST[type];
  switch (test.op) {
    case 'isNull':
      return `${expr} IS NULL`;
    case 'isNotNull':
      return `${expr} IS NOT NULL`;
    case 'between':
      return `${expr} BETWEEN ${params.add(test.low, cast)} AND ${params.add(test.high, cast)}`;
    case 'in':
      return `${expr} = ANY(${params.list(test.values, cast)})`;
    case 'notIn':
      return `${expr} <> ALL(${params.list(test.values, cast)})`;
    case 'withinDays':
      return `${expr} >= ${params.add(daysBefore(options.now, test.days), 'timestamptz')}`;
    case 'olderThanDays':
      return `${expr} < ${params.add(daysBefore(options.now, test.days), 'timestamptz')}`;
    default:
      return `${expr} ${COMPARE[test.op]} ${params.add(test.value, cast)}`;
  }
}

const daysBefore = (now: Date, days: number): string => new Date(now.getTime() - days * DAY_MS).toISOString();

/**
 * Per attribute: its column of customer_attributes (customer-attributes-sql.ts: lists of every live person
 * record's values, normalised as below), how each element is compared, and how a caller's values are
 * normalised to compare with it.
 */
const PROFILE_COLUMNS: Record<string, { column: string; kind: 'flag' | 'list' | 'dates'; year?: boolean; normalise?: (v: string) => string }> = {
  email: { column: 'has_email', kind: 'flag' },
  phone: { column: 'has_phone', kind: 'flag' },
  // "GB", "gb", "UK" and "United Kingdom" are one country (src/shared/country.ts)
  country: { column: 'countries', kind: 'list', normalise: countryKey },
  city: { column: 'cities', kind: 'list', normalise: (v) => v.trim().toLowerCase() },
  postcode: { column: 'postcodes', kind: 'list', normalise: (v) => v.replace(/\s/g, '').toUpperCase() },
  birthDate: { column: 'birth_dates', kind: 'dates' },
  birthYear: { column: 'birth_dates', kind: 'dates', year: true },
};

/**
 * A profile attribute holds when any of the customer's values passes the test; isNull is the complement
 * of isNotNull (no value at all, or no row yet). Text lists compare with `&&` (GIN-indexed).
 */
function profileSql(attribute: string, test: ValueTest, params: SqlParams, options: CompileOptions): string {
  const spec = PROFILE_COLUMNS[attribute];
  if (!spec) throw new Error(`no SQL shape for profile attribute ${attribute}`);
  const column = `a.${quoteIdentifier(spec.column)}`;
  const t = spec.normalise ? normaliseTest(test, spec.normalise) : test;
  if (spec.kind === 'flag') {
    if (t.op === 'isNull') return `${column} IS NOT TRUE`;
    if (t.op === 'isNotNull') return `${column}`;
    throw new Error(`operator ${t.op} is not defined for profile attribute ${attribute}`);
  }
  if (t.op === 'isNull') return `coalesce(cardinality(${column}), 0) = 0`;
  if (t.op === 'isNotNull') return `cardinality(${column}) > 0`;
  if (spec.kind === 'list') {
    if (t.op === 'eq') return `${column} && ARRAY[${params.add(t.value, 'text')}]`;
    if (t.op === 'in') return `${column} && ${params.list(t.values, 'text')}`;
    throw new Error(`operator ${t.op} is not defined for profile attribute ${attribute}`);
  }
  const element = (v: string) => (spec.year ? `extract(year FROM ${v})::bigint` : v);
  const type = spec.year ? 'integer' : 'date';
  const any = `EXISTS (SELECT 1 FROM unnest(${column}) d(v) WHERE ${testSql(element('d.v'), type, t, params, options)})`;
  // Most customers have one birth date (all their records agree): that one is tested in place, as a range on
  // the indexed `birth_dates[1]` (partial indexes for one and for several dates, migration 1765900000000), so
  // a range is a BitmapOr of two index scans instead of a test on every row. Never NULL, so NOT keeps its
  // meaning; an empty list matches nothing.
  const first = `${column}[1]`;
  const one = spec.year ? yearAsDateRangeSql(first, t, params, options) : testSql(first, 'date', t, params, options);
  return `((cardinality(${column}) = 1 AND ${one}) OR (cardinality(${column}) > 1 AND ${any}))`;
}

/**
 * A year test on a date as a range of dates, which an index on the date serves. Bounds are clamped to years
 * 1000–10000: stored birth dates are 1900–9999 (segment_birth_date), so the answer is the same.
 */
function yearAsDateRangeSql(date: string, test: ValueTest, params: SqlParams, options: CompileOptions): string {
  const start = (year: number) => params.add(`${Math.min(Math.max(year, 1000), 10000)}-01-01`, 'date');
  const within = (low: number, high: number) => `(${date} >= ${start(low)} AND ${date} < ${start(high + 1)})`;
  switch (test.op) {
    case 'eq':
      return within(Number(test.value), Number(test.value));
    case 'between':
      return within(Number(test.low), Number(test.high));
    case 'in':
      return `(${test.values.map((v) => within(Number(v), Number(v))).join(' OR ')})`;
    case 'lt':
      return `${date} < ${start(Number(test.value))}`;
    case 'lte':
      return `${date} < ${start(Number(test.value) + 1)}`;
    case 'gt':
      return `${date} >= ${start(Number(test.value) + 1)}`;
    case 'gte':
      return `${date} >= ${start(Number(test.value))}`;
    default:
      return testSql(`extract(year FROM ${date})::bigint`, 'integer', test, params, options);
  }
}

function normaliseTest(test: ValueTest, normalise: (v: string) => string): ValueTest {
  if (test.op === 'in' || test.op === 'notIn') return { ...test, values: [...new Set(test.values.map((v) => normalise(String(v))))] };
  if ('value' in test) return { ...test, value: normalise(String(test.value)) };
  return test;
}

/**
 * Customers with [atLeast, atMost] events of a type in the window [now − withinDays, now]. Journey events
 * are read from customer_journey_event (one index range scan); the derived ticket_reopened from ticket metrics.
 */
function eventSet(leaf: Extract<LeafCondition, { kind: 'event' }>, params: SqlParams, options: CompileOptions): { set: string; negated: boolean; distinct: boolean } {
  const from = params.add(daysBefore(options.now, leaf.withinDays), 'timestamptz');
  const to = params.add(options.now.toISOString(), 'timestamptz');
  const derived = EVENT_TYPES.find((e) => e.type === leaf.type)?.derived;
  const customers = derived === 'ticket_reopened'
    ? `SELECT p.customer_id FROM source_record t JOIN source_record p ON p.id = t.person_record_id AND p.deleted_at IS NULL
       WHERE t.entity = 'ticket_metrics' AND t.deleted_at IS NULL AND (t.data ->> 'reopens')::int > 0
         AND ${CHANGED_AT('t')} >= ${from} AND ${CHANGED_AT('t')} <= ${to}${leaf.source !== null ? ` AND t.source = ${params.add(leaf.source, 'text')}` : ''}
         AND p.customer_id IS NOT NULL`
    : `SELECT p.customer_id FROM ${EVENTS_TABLE} p
       WHERE p.type = ${params.add(leaf.type, 'text')} AND p.occurred_at >= ${from} AND p.occurred_at <= ${to}${
         leaf.channel !== null ? ` AND p.channel = ${params.add(leaf.channel, 'text')}` : ''
       }${leaf.source !== null ? ` AND p.source = ${params.add(leaf.source, 'text')}` : ''}`;
  if (leaf.min === 0) {
    // "at most N": everyone but those with more than N (customers with none included)
    return { set: `${customers} GROUP BY p.customer_id HAVING count(*) > ${params.add(leaf.max, 'bigint')}`, negated: true, distinct: true };
  }
  if (leaf.min === 1 && leaf.max === null) return { set: customers, negated: false, distinct: false };
  const upper = leaf.max !== null ? ` AND count(*) <= ${params.add(leaf.max, 'bigint')}` : '';
  return { set: `${customers} GROUP BY p.customer_id HAVING count(*) >= ${params.add(leaf.min, 'bigint')}${upper}`, negated: false, distinct: true };
}
