import { TRAIT_CATALOG } from '../../../src/metrics/trait-catalog';
import { compileDefinition, conditionSql } from '../../../src/segments/compile-definition';
import type { Condition, TraitSpec } from '../../../src/segments/definition';
import { quoteIdentifier, SqlParams } from '../../../src/segments/sql';
import { validateDefinition } from '../../../src/segments/validate-definition';

const NOW = new Date('2026-06-30T12:00:00.000Z');

function tree(definition: unknown, traits: readonly TraitSpec[] = TRAIT_CATALOG) {
  const result = validateDefinition(definition, { traits });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.condition;
}
const compile = (definition: unknown, traits?: readonly TraitSpec[]) => compileDefinition(tree(definition, traits), { now: NOW });

/** The condition as a boolean expression over c and m, on one line, with its parameters. */
function predicate(definition: unknown, traits?: readonly TraitSpec[]) {
  const params = new SqlParams();
  return { sql: conditionSql(tree(definition, traits), params, { now: NOW }).replace(/\s+/g, ' '), params: params.values };
}

describe('compileDefinition: trait operators', () => {
  it.each<[string, unknown, string, unknown[]]>([
    ['eq', { name: 'csat', op: 'eq', value: 80 }, 'm."csat" = $1::numeric', [80]],
    ['ne', { name: 'csat', op: 'ne', value: 80 }, 'm."csat" <> $1::numeric', [80]],
    ['lt', { name: 'ticketCount', op: 'lt', value: 3 }, 'm."ticket_count" < $1::bigint', [3]],
    ['lte', { name: 'ticketCount', op: 'lte', value: 3 }, 'm."ticket_count" <= $1::bigint', [3]],
    ['gt', { name: 'lifetimeValue', op: 'gt', value: 1000.5 }, 'm."lifetime_value" > $1::numeric', [1000.5]],
    ['gte', { name: 'lastEngagedAt', op: 'gte', value: '2026-01-01T00:00:00Z' }, 'm."last_engaged_at" >= $1::timestamptz', ['2026-01-01T00:00:00.000Z']],
    ['between', { name: 'experienceScore', op: 'between', value: [20, 60] }, 'm."experience_score" BETWEEN $1::numeric AND $2::numeric', [20, 60]],
    ['in', { name: 'npsCategory', op: 'in', value: ['promoter', 'passive', 'promoter'] }, 'm."nps_category" = ANY($1::text[])', [['promoter', 'passive']]],
    ['notIn', { name: 'npsScore', op: 'notIn', value: [0, 1] }, 'm."nps_score" <> ALL($1::bigint[])', [[0, 1]]],
    ['isNull', { name: 'csat', op: 'isNull' }, 'm."csat" IS NULL', []],
    ['isNotNull', { name: 'csat', op: 'isNotNull' }, 'm."csat" IS NOT NULL', []],
    ['withinDays', { name: 'lastPurchaseAt', op: 'withinDays', value: 30 }, 'm."last_purchase_at" >= $1::timestamptz', ['2026-05-31T12:00:00.000Z']],
    ['olderThanDays', { name: 'lastPurchaseAt', op: 'olderThanDays', value: 365 }, 'm."last_purchase_at" < $1::timestamptz', ['2025-06-30T12:00:00.000Z']],
    ['eq on text', { name: 'valueCurrency', op: 'eq', value: ' EUR ' }, 'm."value_currency" = $1::text', ['EUR']],
    // a currency is stored as its upper-case ISO 4217 code (src/metrics/currency-code.ts), and compared so
    ['currency in any case', { name: 'valueCurrency', op: 'eq', value: 'usd' }, 'm."value_currency" = $1::text', ['USD']],
    ['currencies in any case, one currency once', { name: 'valueCurrency', op: 'notIn', value: ['usd', 'Eur', 'USD'] }, 'm."value_currency" <> ALL($1::text[])', [['USD', 'EUR']]],
    ['other text as written', { name: 'npsCategory', op: 'eq', value: 'Promoter' }, 'm."nps_category" = $1::text', ['Promoter']],
  ])('%s', (_, trait, where, params) => {
    expect(predicate({ trait })).toEqual({ sql: where, params });
  });

  it('takes the column from the catalogue, never the name the caller used', () => {
    expect(compile({ trait: { name: 'openRate30d', op: 'gt', value: 10 } }).sql).toContain('m."open_rate_30d" > $1::numeric');
  });

  it('boolean traits', () => {
    const traits: TraitSpec[] = [{ name: 'vip', column: 'vip', type: 'boolean', classification: 'behavioural' }];
    expect(predicate({ trait: { name: 'vip', op: 'eq', value: true } }, traits).sql).toBe('m."vip" = $1::boolean');
  });
});

describe('compileDefinition: profile, source, consent and events', () => {
  it.each<[string, unknown, RegExp, unknown[]]>([
    ['has an email', { profile: { attribute: 'email', op: 'isNotNull' } }, /^a\."has_email"$/, []],
    ['has no phone', { profile: { attribute: 'phone', op: 'isNull' } }, /^a\."has_phone" IS NOT TRUE$/, []],
    ['country eq, case-folded', { profile: { attribute: 'country', op: 'eq', value: ' GB' } }, /^a\."countries" && ARRAY\[\$1::text\]$/, ['gb']],
    ['country in, case-folded', { profile: { attribute: 'country', op: 'in', value: ['GB', ' ie'] } }, /^a\."countries" && \$1::text\[\]$/, [['gb', 'ie']]],
    ['country names as their code, one country once', { profile: { attribute: 'country', op: 'in', value: ['United Kingdom', 'UK', 'gb', 'USA', ' Narnia '] } }, /^a\."countries" && \$1::text\[\]$/, [['gb', 'us', 'narnia']]],
    ['city present', { profile: { attribute: 'city', op: 'isNotNull' } }, /^cardinality\(a\."cities"\) > 0$/, []],
    ['no city', { profile: { attribute: 'city', op: 'isNull' } }, /^coalesce\(cardinality\(a\."cities"\), 0\) = 0$/, []],
    ['postcode, spaces ignored', { profile: { attribute: 'postcode', op: 'eq', value: 'sw1a 1aa' } }, /^a\."postcodes" && ARRAY\[\$1::text\]$/, ['SW1A1AA']],
    ['birth date range', { profile: { attribute: 'birthDate', op: 'between', value: ['1980-01-01', '1989-12-31'] } }, /^\(\(cardinality\(a\."birth_dates"\) = 1 AND a\."birth_dates"\[1\] BETWEEN \$3::date AND \$4::date\) OR \(cardinality\(a\."birth_dates"\) > 1 AND EXISTS \(SELECT 1 FROM unnest\(a\."birth_dates"\) d\(v\) WHERE d\.v BETWEEN \$1::date AND \$2::date\)\)\)$/, ['1980-01-01', '1989-12-31', '1980-01-01', '1989-12-31']],
    ['birth date eq', { profile: { attribute: 'birthDate', op: 'eq', value: '1984-02-29' } }, /^\(\(cardinality\(a\."birth_dates"\) = 1 AND a\."birth_dates"\[1\] = \$2::date\) OR \(cardinality\(a\."birth_dates"\) > 1 AND EXISTS \(SELECT 1 FROM unnest\(a\."birth_dates"\) d\(v\) WHERE d\.v = \$1::date\)\)\)$/, ['1984-02-29', '1984-02-29']],
    ['birth year: a range of the one date', { profile: { attribute: 'birthYear', op: 'gte', value: 1990 } }, /^\(\(cardinality\(a\."birth_dates"\) = 1 AND a\."birth_dates"\[1\] >= \$2::date\) OR \(cardinality\(a\."birth_dates"\) > 1 AND EXISTS \(SELECT 1 FROM unnest\(a\."birth_dates"\) d\(v\) WHERE extract\(year FROM d\.v\)::bigint >= \$1::bigint\)\)\)$/, [1990, '1990-01-01']],
    ['birth year lte: before the next year', { profile: { attribute: 'birthYear', op: 'lte', value: 1989 } }, /AND a\."birth_dates"\[1\] < \$2::date\) OR/, [1989, '1990-01-01']],
    ['birth year gt: from the next year', { profile: { attribute: 'birthYear', op: 'gt', value: 1989 } }, /AND a\."birth_dates"\[1\] >= \$2::date\) OR/, [1989, '1990-01-01']],
    ['birth year between: half-open range', { profile: { attribute: 'birthYear', op: 'between', value: [1980, 1989] } }, /AND \(a\."birth_dates"\[1\] >= \$3::date AND a\."birth_dates"\[1\] < \$4::date\)\) OR/, [1980, 1989, '1980-01-01', '1990-01-01']],
    ['birth year in: one range per year', { profile: { attribute: 'birthYear', op: 'in', value: [1990, 1992] } }, /AND \(\(a\."birth_dates"\[1\] >= \$2::date AND a\."birth_dates"\[1\] < \$3::date\) OR \(a\."birth_dates"\[1\] >= \$4::date AND a\."birth_dates"\[1\] < \$5::date\)\)\) OR .*= ANY\(\$1::bigint\[\]\)\)\)\)$/, [[1990, 1992], '1990-01-01', '1991-01-01', '1992-01-01', '1993-01-01']],
    ['birth year beyond stored years: bounds clamped', { profile: { attribute: 'birthYear', op: 'eq', value: 123456 } }, /AND \(a\."birth_dates"\[1\] >= \$2::date AND a\."birth_dates"\[1\] < \$3::date\)\) OR/, [123456, '10000-01-01', '10000-01-01']],
    ['source system', { source: { system: 'support' } }, /^c\.id IN \(SELECT DISTINCT ON \(p\.customer_id\) p\.customer_id FROM source_record p WHERE p\.entity = \$1::text AND .* ORDER BY p\.customer_id\)$/, ['user']],
    ['named source', { source: { name: 'shop' } }, /^c\.id IN \(SELECT DISTINCT ON \(p\.customer_id\) p\.customer_id FROM source_record p WHERE p\.source = \$1::text AND .* ORDER BY p\.customer_id\)$/, ['shop']],
    ['consent', { consent: { channel: 'Email' } }, /^c\.id IN \(SELECT cc\.customer_id FROM customer_consent cc WHERE cc\.channel = \$1::text AND cc\.granted\)$/, ['email']],
    ['no consent', { consent: { channel: 'sms', granted: false } }, /^NOT \(c\.id IN \(SELECT cc\.customer_id FROM customer_consent cc WHERE cc\.channel = \$1::text AND cc\.granted\)\)$/, ['sms']],
    ['at least one event', { event: { type: 'email_clicked', withinDays: 30 } }, /^c\.id IN \(SELECT p\.customer_id FROM customer_journey_event p WHERE p\.type = \$3::text AND p\.occurred_at >= \$1::timestamptz AND p\.occurred_at <= \$2::timestamptz\)$/, ['2026-05-31T12:00:00.000Z', NOW.toISOString(), 'email_clicked']],
    ['at least two, by channel and source', { event: { type: 'email_opened', channel: 'email', source: 'mailchimp', atLeast: 2, withinDays: 30 } }, /AND p\.channel = \$4::text AND p\.source = \$5::text GROUP BY p\.customer_id HAVING count\(\*\) >= \$6::bigint\)$/, ['2026-05-31T12:00:00.000Z', NOW.toISOString(), 'email_opened', 'email', 'mailchimp', 2]],
    ['between counts', { event: { type: 'ticket_opened', atLeast: 2, atMost: 5, withinDays: 90 } }, /HAVING count\(\*\) >= \$5::bigint AND count\(\*\) <= \$4::bigint\)$/, ['2026-04-01T12:00:00.000Z', NOW.toISOString(), 'ticket_opened', 5, 2]],
    ['at most', { event: { type: 'email_sent', atMost: 3, withinDays: 7 } }, /^NOT \(c\.id IN \(SELECT p\.customer_id FROM customer_journey_event p .* GROUP BY p\.customer_id HAVING count\(\*\) > \$4::bigint\)\)$/, ['2026-06-23T12:00:00.000Z', NOW.toISOString(), 'email_sent', 3]],
    ['ticket reopened (derived)', { event: { type: 'ticket_reopened', withinDays: 90 } }, /^c\.id IN \(SELECT p\.customer_id FROM source_record t JOIN source_record p ON p\.id = t\.person_record_id .* WHERE t\.entity = 'ticket_metrics' .* \(t\.data ->> 'reopens'\)::int > 0/, ['2026-04-01T12:00:00.000Z', NOW.toISOString()]],
  ])('%s', (_, definition, where, params) => {
    const q = predicate(definition);
    expect(q.sql).toMatch(where);
    expect(q.params).toEqual(params);
  });
});

describe('compileDefinition: trees', () => {
  it('and, or and not; not counts an unknown child as false (the complement)', () => {
    const q = predicate({
      and: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { or: [{ source: { system: 'crm' } }, { not: { trait: { name: 'ticketCount', op: 'gt', value: 3 } } }] }],
    });
    expect(q.sql).toBe(
      `(m."csat" < $1::numeric AND (c.id IN (SELECT DISTINCT ON (p.customer_id) p.customer_id FROM source_record p WHERE p.entity = $2::text AND p.customer_id IS NOT NULL AND p.person IS NOT NULL AND p.deleted_at IS NULL ORDER BY p.customer_id) OR NOT coalesce(m."ticket_count" > $3::bigint, false)))`,
    );
    expect(q.params).toEqual([50, 'contact', 3]);
  });

  it('never puts a caller value in the SQL text', () => {
    const evil = "x'); DROP TABLE customer; --";
    const q = compile({
      or: [
        { trait: { name: 'npsCategory', op: 'in', value: [evil] } },
        { profile: { attribute: 'city', op: 'eq', value: evil } },
        { source: { name: 'shop' } },
        { consent: { channel: 'e-mail' } },
      ],
    });
    expect(q.sql).not.toContain('DROP');
    expect(q.sql).not.toContain('shop');
    expect(q.sql).not.toContain('e-mail');
    expect(q.params).toContainEqual([evil]);
  });

  it.each<[string, unknown]>([
    ['marketing audience', { and: [{ consent: { channel: 'email' } }, { event: { type: 'email_opened', atLeast: 2, withinDays: 30 } }, { not: { event: { type: 'ticket_reopened', withinDays: 90 } } }] }],
    ['win-back', { and: [{ trait: { name: 'lifetimeValue', op: 'gte', value: 500 } }, { trait: { name: 'lastPurchaseAt', op: 'olderThanDays', value: 180 } }, { profile: { attribute: 'country', op: 'in', value: ['GB', 'IE'] } }] }],
    ['detractors to call', { or: [{ trait: { name: 'npsCategory', op: 'eq', value: 'detractor' } }, { trait: { name: 'experienceScore', op: 'lt', value: 40 } }] }],
  ])('SQL snapshot: %s', (_, definition) => {
    expect(compile(definition)).toMatchSnapshot();
  });
});

describe('compileDefinition: what the statement starts from', () => {
  const from = (definition: unknown) => compile(definition).sql.replace(/\s+/g, ' ').split(' WHERE ')[0];
  it.each<[string, unknown, string]>([
    ['traits alone: customer_metrics_hot (both columns are there), no customer scan', { and: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { trait: { name: 'ticketCount', op: 'gt', value: 1 } }] }, 'SELECT c.id FROM customer_metrics_hot m CROSS JOIN LATERAL (SELECT m.customer_id AS id) c'],
    ['a trait only customer_metrics has: customer_metrics', { trait: { name: 'bounces', op: 'gt', value: 1 } }, 'SELECT c.id FROM customer_metrics m CROSS JOIN LATERAL (SELECT m.customer_id AS id) c'],
    ['hot and other traits together: customer_metrics for both', { and: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { trait: { name: 'openRate90d', op: 'gt', value: 1 } }] }, 'SELECT c.id FROM customer_metrics m CROSS JOIN LATERAL (SELECT m.customer_id AS id) c'],
    ['a trait that holds for missing values: every customer', { trait: { name: 'csat', op: 'isNull' } }, 'SELECT c.id FROM customer c LEFT JOIN customer_metrics_hot m ON m.customer_id = c.id'],
    ['an event count and a trait: the grouped event set (already distinct), traits joined to it', { and: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { event: { type: 'email_opened', atLeast: 2, withinDays: 30 } }] }, 'SELECT c.id FROM (SELECT x.customer_id AS id FROM (SELECT p.customer_id FROM customer_journey_event p'],
    ['a source alone: its ordered distinct ids (a Unique over the index, never a hash)', { source: { system: 'crm' } }, 'SELECT c.id FROM (SELECT x.customer_id AS id FROM (SELECT DISTINCT ON (p.customer_id) p.customer_id FROM source_record p'],
    ['a complement: every customer', { not: { source: { system: 'crm' } } }, 'SELECT c.id FROM customer c'],
    ['an or: every customer', { or: [{ source: { system: 'crm' } }, { event: { type: 'email_opened', withinDays: 30 } }] }, 'SELECT c.id FROM customer c'],
    ['an or of trait tests: customer_metrics', { or: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { and: [{ source: { system: 'crm' } }, { trait: { name: 'npsScore', op: 'lt', value: 7 } }] }] }, 'SELECT c.id FROM customer_metrics_hot m CROSS JOIN LATERAL'],
    ['an or with a missing-value test: every customer', { or: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { trait: { name: 'npsScore', op: 'isNull' } }] }, 'SELECT c.id FROM customer c LEFT JOIN'],
    ['a profile test alone: customer_attributes', { profile: { attribute: 'country', op: 'in', value: ['GB', 'IE'] } }, 'SELECT c.id FROM customer_attributes a CROSS JOIN LATERAL (SELECT a.customer_id AS id) c'],
    ['hot traits and a profile test: customer_attributes alone (it holds copies of the hot traits)', { and: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { profile: { attribute: 'country', op: 'eq', value: 'GB' } }] }, 'SELECT c.id FROM customer_attributes a CROSS JOIN LATERAL (SELECT a.customer_id AS id) c'],
    ['another trait and a profile test: customer_metrics, attributes joined', { and: [{ trait: { name: 'bounces', op: 'gt', value: 1 } }, { profile: { attribute: 'country', op: 'eq', value: 'GB' } }] }, 'SELECT c.id FROM customer_metrics m CROSS JOIN LATERAL (SELECT m.customer_id AS id) c LEFT JOIN customer_attributes a ON a.customer_id = c.id'],
    ['hot traits and a profile test that missing values pass: every customer, attributes alone joined', { or: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { profile: { attribute: 'email', op: 'isNull' } }] }, 'SELECT c.id FROM customer c LEFT JOIN customer_attributes a ON a.customer_id = c.id'],
    ['an event, hot traits and a profile test: the event set, attributes alone joined', { and: [{ event: { type: 'email_opened', withinDays: 30 } }, { trait: { name: 'csat', op: 'lt', value: 50 } }, { profile: { attribute: 'country', op: 'eq', value: 'GB' } }] }, 'SELECT c.id FROM (SELECT DISTINCT x.customer_id AS id FROM (SELECT p.customer_id FROM customer_journey_event p'],
    ['a missing profile value: every customer', { profile: { attribute: 'email', op: 'isNull' } }, 'SELECT c.id FROM customer c LEFT JOIN customer_attributes a ON a.customer_id = c.id'],
    ['an event and a profile test: the event set, attributes joined', { and: [{ event: { type: 'email_opened', withinDays: 30 } }, { not: { profile: { attribute: 'country', op: 'eq', value: 'ES' } } }] }, 'SELECT c.id FROM (SELECT DISTINCT x.customer_id AS id FROM (SELECT p.customer_id FROM customer_journey_event p'],
  ])('%s', (_, definition, expected) => {
    expect(from(definition).startsWith(expected)).toBe(true);
  });

  it('reads hot traits from customer_attributes when a profile test is there too, and joins no metrics table', () => {
    for (const definition of [
      { and: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { profile: { attribute: 'country', op: 'eq', value: 'GB' } }] },
      { or: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { profile: { attribute: 'email', op: 'isNull' } }] },
      { and: [{ event: { type: 'email_opened', withinDays: 30 } }, { trait: { name: 'csat', op: 'lt', value: 50 } }, { profile: { attribute: 'country', op: 'eq', value: 'GB' } }] },
    ]) {
      const sql = compile(definition).sql;
      expect(sql).not.toContain('customer_metrics');
      expect(sql).toContain('a."csat" < ');
      expect(sql).not.toContain('m.');
    }
  });

  it('the driving condition is not tested twice', () => {
    const sql = compile({ and: [{ source: { name: 'shop' } }, { consent: { channel: 'email' } }] }).sql;
    expect(sql.match(/p\.source = /g)).toHaveLength(1);
    expect(sql.endsWith(' WHERE c.id IN (SELECT DISTINCT ON (p.customer_id) p.customer_id FROM source_record p WHERE p.source = $2::text AND p.customer_id IS NOT NULL AND p.person IS NOT NULL AND p.deleted_at IS NULL ORDER BY p.customer_id)')).toBe(true);
  });
});

describe('compileDefinition: refusals', () => {
  it('refuses a catalogue column that is not a plain identifier', () => {
    const bad: Condition = {
      kind: 'trait',
      path: 'trait',
      trait: { name: 'x', column: 'csat; DROP TABLE customer', type: 'number', classification: 'public' },
      test: { op: 'isNull' },
    };
    expect(() => compileDefinition(bad, { now: NOW })).toThrow('not a plain identifier');
  });

  it('joins only the per-customer tables a condition reads', () => {
    const sql = compile({ and: [{ source: { system: 'crm' } }, { not: { profile: { attribute: 'country', op: 'eq', value: 'ES' } } }] }).sql;
    expect(sql).toContain('LEFT JOIN customer_attributes a ON a.customer_id = c.id');
    expect(sql).not.toContain('customer_metrics');
  });

  it('refuses a profile attribute without an SQL shape', () => {
    const bad: Condition = { kind: 'profile', path: 'profile', attribute: 'shoeSize', test: { op: 'isNull' } };
    expect(() => compileDefinition(bad, { now: NOW })).toThrow('no SQL shape for profile attribute shoeSize');
  });

  it.each(['Csat', 'a b', '1col', 'x"y', ''])('quoteIdentifier refuses %j', (name) => {
    expect(() => quoteIdentifier(name)).toThrow();
  });
});
