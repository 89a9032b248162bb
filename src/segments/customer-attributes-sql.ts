// customer_attributes: the profile attributes segments filter on, one typed row per customer, projected
// from the customer's live person records (migration 1765300000001). Reading the records' JSON at query
// time cost 8–10 s for a country condition at a million customers; these columns cost a scan or an index.

/** The projection table; rows are written with the customer's traits (metrics/recompute-sql.ts). */
export const ATTRIBUTES_TABLE = 'customer_attributes';

/** A valid email as the golden profile's syntax rule has it (normaliseEmail), lower-cased and trimmed. */
const VALID_EMAIL = `'^[^@[:space:]]+@[^@[:space:].]+(\\.[^@[:space:].]+)+$'`;

/**
 * Each value of a person record `p` as (kind, value): one row per email or phone that counts, per address
 * country, city and postcode (normalised as conditions compare them) and the birth date. Empty values are
 * left out, so "any record has a value" is "the customer has a row of that kind". A country is its ISO code
 * or, unknown, its trimmed text, in lower case (countryKey; canonical_country is migration 1766300000000).
 */
const VALUES_OF_RECORD = `
  SELECT 'email', '1' FROM jsonb_array_elements_text(coalesce(p.person -> 'emails', '[]')) x(v) WHERE lower(btrim(x.v)) ~ ${VALID_EMAIL}
  UNION ALL
  SELECT 'phone', '1' FROM jsonb_array_elements_text(coalesce(p.person -> 'phones', '[]')) x(v) WHERE length(regexp_replace(x.v, '[^0-9]', '', 'g')) >= 4
  UNION ALL
  SELECT k.kind, k.value FROM jsonb_array_elements(coalesce(p.person -> 'addresses', '[]')) a(v) CROSS JOIN LATERAL (VALUES
    ('country', lower(canonical_country(a.v ->> 'country'))),
    ('city', nullif(lower(btrim(a.v ->> 'city')), '')),
    ('postcode', nullif(upper(regexp_replace(a.v ->> 'postcode', '[[:space:]]', '', 'g')), ''))) k(kind, value)
  UNION ALL
  SELECT 'birthDate', segment_birth_date(p.person ->> 'birthDate')::text`;

/** The columns, in the order attributesSelectSql yields them. */
export const ATTRIBUTE_COLUMNS = ['customer_id', 'has_email', 'has_phone', 'countries', 'cities', 'postcodes', 'birth_dates'] as const;

/**
 * One row per customer of `customers` (a relation with `customer_id`) from its live person records in
 * `persons` (a relation with `customer_id` and `person`): customers without records get empty values.
 */
export function attributesSelectSql(customers: string, persons: string): string {
  const list = (kind: string, type = 'text') =>
    `coalesce(array_agg(DISTINCT v.value::${type} ORDER BY v.value::${type}) FILTER (WHERE v.kind = '${kind}'), '{}')`;
  return `SELECT ids.customer_id, coalesce(bool_or(v.kind = 'email'), false), coalesce(bool_or(v.kind = 'phone'), false),
      ${list('country')}, ${list('city')}, ${list('postcode')}, ${list('birthDate', 'date')}
    FROM ${customers} ids
    LEFT JOIN (SELECT p.customer_id, v.kind, v.value FROM ${persons} p CROSS JOIN LATERAL (${VALUES_OF_RECORD}) v(kind, value)
               WHERE v.value IS NOT NULL) v ON v.customer_id = ids.customer_id
    GROUP BY ids.customer_id`;
}

/** Upserts the rows of attributesSelectSql; a row whose values did not change is not rewritten. */
export function attributesUpsertSql(customers: string, persons: string): string {
  const set = ATTRIBUTE_COLUMNS.slice(1);
  return `INSERT INTO ${ATTRIBUTES_TABLE} AS ca (${ATTRIBUTE_COLUMNS.join(', ')})
    ${attributesSelectSql(customers, persons)}
    ON CONFLICT (customer_id) DO UPDATE SET ${set.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
    WHERE (${set.map((c) => `ca.${c}`).join(', ')}) IS DISTINCT FROM (${set.map((c) => `EXCLUDED.${c}`).join(', ')})`;
}
