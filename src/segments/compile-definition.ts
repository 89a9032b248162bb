import { EVENT_TYPES, SOURCE_SYSTEMS } from './catalogues';
import { consentingCustomersSql } from './consent-sql';
import { leavesOf, type Condition, type LeafCondition, type ValueTest, type ValueType } from './definition';
import { CHANGED_AT, LIVE_PERSON, quoteIdentifier, SqlParams, type CompiledQuery, type SqlType } from './sql';

const DAY_MS = 86_400_000;

/** The table of computed traits (migrations/1764700000000-CustomerMetrics.ts): one row per customer. */
export const METRICS_TABLE = 'customer_metrics';

export interface CompileOptions {
  /** The reference time of relative windows ("in the last 30 days"): a parameter, so compiling stays pure. */
  now: Date;
}

/**
 * A definition as one parameterised statement selecting the ids of matching customers (`SELECT c.id …`).
 * Every value is a parameter; identifiers come from the catalogues.
 */
export function compileDefinition(condition: Condition, options: CompileOptions): CompiledQuery {
  const params = new SqlParams();
  return { sql: selectIds(condition, params, options), params: params.values };
}

export const hasTraits = (condition: Condition): boolean => leavesOf(condition).some((l) => l.kind === 'trait');

/**
 * `SELECT c.id FROM … WHERE …`, driven by what is cheapest to start from (measured at a million customers,
 * docs/benchmarks.md): a positive set condition of the top-level AND (events first, they are the most
 * selective) becomes the FROM and the rest filters it; else, when the condition cannot hold for a customer
 * without traits, customer_metrics alone; else a profile set; else every customer, filtered.
 */
export function selectIds(condition: Condition, params: SqlParams, options: CompileOptions): string {
  const conjuncts = condition.kind === 'and' ? condition.children : [condition];
  const driver = [...conjuncts].sort((a, b) => DRIVER_RANK(a) - DRIVER_RANK(b))[0]!;
  const rank = DRIVER_RANK(driver);
  if (rank < TRAIT_RANK || rank === TRAIT_RANK + 1) {
    const { set } = leafSet(driver as LeafCondition, params, options);
    const rest = conjuncts.filter((c) => c !== driver);
    const restTree: Condition | null = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and', path: condition.path, children: rest };
    const traits = restTree && hasTraits(restTree) ? ` LEFT JOIN ${METRICS_TABLE} m ON m.customer_id = c.id` : '';
    return `SELECT c.id FROM (SELECT DISTINCT x.customer_id AS id FROM (${set}) x) c${traits} WHERE ${restTree ? conditionSql(restTree, params, options) : 'true'}`;
  }
  const where = conditionSql(condition, params, options);
  if (rank === TRAIT_RANK || needsTraits(condition)) return `SELECT c.id FROM ${METRICS_TABLE} m CROSS JOIN LATERAL (SELECT m.customer_id AS id) c WHERE ${where}`;
  const traits = hasTraits(condition) ? ` LEFT JOIN ${METRICS_TABLE} m ON m.customer_id = c.id` : '';
  return `SELECT c.id FROM customer c${traits} WHERE ${where}`;
}

/** True when no customer without a customer_metrics row can match (so that table alone can drive). */
function needsTraits(c: Condition): boolean {
  switch (c.kind) {
    case 'trait':
      return c.test.op !== 'isNull';
    case 'and':
      return c.children.some(needsTraits);
    case 'or':
      return c.children.every(needsTraits);
    default:
      return false;
  }
}

const TRAIT_RANK = 10;
/** Lower drives: a positive indexed set (event, consent, source), a strict trait test, a profile set, anything else. */
function DRIVER_RANK(c: Condition): number {
  switch (c.kind) {
    case 'event':
      return c.min > 0 ? 0 : 99;
    case 'consent':
      return c.granted ? 1 : 99;
    case 'source':
      return 2;
    case 'profile':
      // person records' JSON is read whole either way: let a cheaper column test drive when there is one
      return c.test.op === 'isNull' ? 99 : TRAIT_RANK + 1;
    case 'trait':
      return c.test.op === 'isNull' ? 99 : TRAIT_RANK;
    default:
      return 99;
  }
}

/**
 * A boolean expression over `c` (and `m`). Comparisons never match a missing value; under `not` a child
 * that is unknown (NULL) counts as false, so `not` is the complement of the set its child selects.
 */
export function conditionSql(condition: Condition, params: SqlParams, options: CompileOptions): string {
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

function leafSql(leaf: LeafCondition, params: SqlParams, options: CompileOptions): string {
  if (leaf.kind === 'trait') return testSql(`m.${quoteIdentifier(leaf.trait.column)}`, leaf.trait.type, leaf.test, params, options);
  const { set, negated } = leafSet(leaf, params, options);
  return negated ? `NOT (c.id IN (${set}))` : `c.id IN (${set})`;
}

/** A condition other than a trait as a set of customer ids (a query with a customer_id column), or its complement. */
function leafSet(leaf: LeafCondition, params: SqlParams, options: CompileOptions): { set: string; negated: boolean } {
  switch (leaf.kind) {
    case 'profile':
      return profileSet(leaf.attribute, leaf.test, params, options);
    case 'source': {
      const which = leaf.name !== null ? `p.source = ${params.add(leaf.name, 'text')}` : `p.entity = ANY(${params.list(SOURCE_SYSTEMS[leaf.system!], 'text')})`;
      return { set: `SELECT p.customer_id FROM source_record p WHERE ${which} AND ${LIVE_PERSON}`, negated: false };
    }
    case 'consent':
      return { set: consentingCustomersSql(params.add(leaf.channel, 'text')), negated: !leaf.granted };
    case 'event':
      return eventSet(leaf, params, options);
    case 'trait':
      throw new Error('a trait is a column test, not a set');
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

const VALID_EMAIL = `'^[^@[:space:]]+@[^@[:space:].]+(\\.[^@[:space:].]+)+$'`;

/**
 * Per attribute: the value expression, over each element `x.v` of a person record's list (`each`) or over
 * the record `p` itself, and how a caller's values are normalised to compare with it.
 */
const PROFILE_VALUES: Record<string, { each?: string; value: string; type: ValueType; normalise?: (v: string) => string }> = {
  email: { each: `jsonb_array_elements_text(p.person -> 'emails') x(v)`, value: `CASE WHEN lower(btrim(x.v)) ~ ${VALID_EMAIL} THEN x.v END`, type: 'presence' },
  phone: { each: `jsonb_array_elements_text(p.person -> 'phones') x(v)`, value: `CASE WHEN length(regexp_replace(x.v, '[^0-9]', '', 'g')) >= 4 THEN x.v END`, type: 'presence' },
  country: { each: `jsonb_array_elements(p.person -> 'addresses') x(v)`, value: `nullif(lower(btrim(x.v ->> 'country')), '')`, type: 'text', normalise: (v) => v.trim().toLowerCase() },
  city: { each: `jsonb_array_elements(p.person -> 'addresses') x(v)`, value: `nullif(lower(btrim(x.v ->> 'city')), '')`, type: 'text', normalise: (v) => v.trim().toLowerCase() },
  postcode: {
    each: `jsonb_array_elements(p.person -> 'addresses') x(v)`,
    value: `nullif(upper(regexp_replace(x.v ->> 'postcode', '[[:space:]]', '', 'g')), '')`,
    type: 'text',
    normalise: (v) => v.replace(/\s/g, '').toUpperCase(),
  },
  birthDate: { value: `segment_birth_date(p.person ->> 'birthDate')`, type: 'date' },
  birthYear: { value: `extract(year FROM segment_birth_date(p.person ->> 'birthDate'))::bigint`, type: 'integer' },
};

/**
 * A profile attribute holds when any live person record of the customer has a value passing the test;
 * isNull is the complement of isNotNull (no record has a value).
 */
function profileSet(attribute: string, test: ValueTest, params: SqlParams, options: CompileOptions): { set: string; negated: boolean } {
  const spec = PROFILE_VALUES[attribute];
  if (!spec) throw new Error(`no SQL shape for profile attribute ${attribute}`);
  const normalised = spec.normalise ? normaliseTest(test, spec.normalise) : test;
  const positive: ValueTest = normalised.op === 'isNull' ? { op: 'isNotNull' } : normalised;
  const valueTest = testSql(spec.value, spec.type, positive, params, options);
  const predicate = spec.each ? `EXISTS (SELECT 1 FROM ${spec.each} WHERE ${valueTest})` : valueTest;
  return { set: `SELECT p.customer_id FROM source_record p WHERE ${LIVE_PERSON} AND ${predicate}`, negated: normalised.op === 'isNull' };
}

function normaliseTest(test: ValueTest, normalise: (v: string) => string): ValueTest {
  if (test.op === 'in' || test.op === 'notIn') return { ...test, values: [...new Set(test.values.map((v) => normalise(String(v))))] };
  if ('value' in test) return { ...test, value: normalise(String(test.value)) };
  return test;
}

/** Customers with [atLeast, atMost] events of a type in the window [now − withinDays, now]. */
function eventSet(leaf: Extract<LeafCondition, { kind: 'event' }>, params: SqlParams, options: CompileOptions): { set: string; negated: boolean } {
  const from = params.add(daysBefore(options.now, leaf.withinDays), 'timestamptz');
  const to = params.add(options.now.toISOString(), 'timestamptz');
  const derived = EVENT_TYPES.find((e) => e.type === leaf.type)?.derived;
  const rows = derived === 'ticket_reopened'
    ? `FROM source_record t JOIN source_record p ON p.id = t.person_record_id AND p.deleted_at IS NULL
       WHERE t.entity = 'ticket_metrics' AND t.deleted_at IS NULL AND (t.data ->> 'reopens')::int > 0
         AND ${CHANGED_AT('t')} >= ${from} AND ${CHANGED_AT('t')} <= ${to}${leaf.source !== null ? ` AND t.source = ${params.add(leaf.source, 'text')}` : ''}`
    : `FROM journey_event e
       JOIN source_record r ON r.id = e.record_id AND r.deleted_at IS NULL
       JOIN source_record p ON p.id = r.person_record_id AND p.deleted_at IS NULL
       WHERE e.type = ${params.add(leaf.type, 'text')} AND e.occurred_at >= ${from} AND e.occurred_at <= ${to}${
         leaf.channel !== null ? ` AND e.channel = ${params.add(leaf.channel, 'text')}` : ''
       }${leaf.source !== null ? ` AND e.source = ${params.add(leaf.source, 'text')}` : ''}`;
  const customers = `SELECT p.customer_id ${rows} AND p.customer_id IS NOT NULL`;
  if (leaf.min === 0) {
    // "at most N": everyone but those with more than N (customers with none included)
    return { set: `${customers} GROUP BY p.customer_id HAVING count(*) > ${params.add(leaf.max, 'bigint')}`, negated: true };
  }
  if (leaf.min === 1 && leaf.max === null) return { set: customers, negated: false };
  const upper = leaf.max !== null ? ` AND count(*) <= ${params.add(leaf.max, 'bigint')}` : '';
  return { set: `${customers} GROUP BY p.customer_id HAVING count(*) >= ${params.add(leaf.min, 'bigint')}${upper}`, negated: false };
}
