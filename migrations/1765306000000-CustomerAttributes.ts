import type { MigrationInterface, QueryRunner } from 'typeorm';

// The projection as it was at this migration, frozen here: the live one (src/segments/customer-attributes-sql.ts)
// calls functions that later migrations create (canonical_country, 1766300000000).
/** A valid email as the golden profile's syntax rule has it (normaliseEmail), lower-cased and trimmed. */
const VALID_EMAIL = `'^[^@[:space:]]+@[^@[:space:].]+(\\.[^@[:space:].]+)+$'`;

/**
 * Each value of a person record `p` as (kind, value): one row per email or phone that counts, per address
 * country, city and postcode (normalised as conditions compare them) and the birth date. Empty values are
 * left out, so "any record has a value" is "the customer has a row of that kind".
 */
const VALUES_OF_RECORD = `
  SELECT 'email', '1' FROM jsonb_array_elements_text(coalesce(p.person -> 'emails', '[]')) x(v) WHERE lower(btrim(x.v)) ~ ${VALID_EMAIL}
  UNION ALL
  SELECT 'phone', '1' FROM jsonb_array_elements_text(coalesce(p.person -> 'phones', '[]')) x(v) WHERE length(regexp_replace(x.v, '[^0-9]', '', 'g')) >= 4
  UNION ALL
  SELECT k.kind, k.value FROM jsonb_array_elements(coalesce(p.person -> 'addresses', '[]')) a(v) CROSS JOIN LATERAL (VALUES
    ('country', nullif(lower(btrim(a.v ->> 'country')), '')),
    ('city', nullif(lower(btrim(a.v ->> 'city')), '')),
    ('postcode', nullif(upper(regexp_replace(a.v ->> 'postcode', '[[:space:]]', '', 'g')), ''))) k(kind, value)
  UNION ALL
  SELECT 'birthDate', segment_birth_date(p.person ->> 'birthDate')::text`;

/** Every customer's row, from its live person records (customers without records get empty values). */
const PROJECT_EXISTING = `
  INSERT INTO customer_attributes (customer_id, has_email, has_phone, countries, cities, postcodes, birth_dates)
  SELECT ids.customer_id, coalesce(bool_or(v.kind = 'email'), false), coalesce(bool_or(v.kind = 'phone'), false),
    ${['country', 'city', 'postcode', 'birthDate'].map((kind) => {
      const type = kind === 'birthDate' ? 'date' : 'text';
      return `coalesce(array_agg(DISTINCT v.value::${type} ORDER BY v.value::${type}) FILTER (WHERE v.kind = '${kind}'), '{}')`;
    }).join(', ')}
  FROM (SELECT id AS customer_id FROM customer) ids
  LEFT JOIN (SELECT p.customer_id, v.kind, v.value
             FROM (SELECT customer_id, person FROM source_record WHERE customer_id IS NOT NULL AND person IS NOT NULL AND deleted_at IS NULL) p
             CROSS JOIN LATERAL (${VALUES_OF_RECORD}) v(kind, value)
             WHERE v.value IS NOT NULL) v ON v.customer_id = ids.customer_id
  GROUP BY ids.customer_id`;

/**
 * customer_attributes (docs/segments.md, Profile attributes): the profile attributes segment conditions
 * test, one typed row per customer, written with the customer's traits whenever their records change (the
 * customer_metrics queue). Arrays because a customer may hold several records and addresses; GIN indexes
 * for `&&` on the text lists. Existing customers are projected here, in one set-based statement.
 */
export class CustomerAttributes1765306000000 implements MigrationInterface {
  name = 'CustomerAttributes1765306000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer_attributes (
        customer_id uuid PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
        has_email boolean NOT NULL,
        has_phone boolean NOT NULL,
        countries text[] NOT NULL,
        cities text[] NOT NULL,
        postcodes text[] NOT NULL,
        birth_dates date[] NOT NULL
      )`);
    await q.query(PROJECT_EXISTING);
    for (const column of ['countries', 'cities', 'postcodes']) {
      await q.query(`CREATE INDEX customer_attributes_${column}_idx ON customer_attributes USING gin (${column})`);
    }
    await q.query('ANALYZE customer_attributes');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer_attributes');
  }
}
