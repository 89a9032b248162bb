import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Countries compare as one country however a source wrote them ("US", "us", "USA", "United States"):
 * canonical_country(text) is the SQL twin of canonicalCountry (src/shared/country.ts), the ISO 3166 alpha-2
 * code of a known name or code, else the text as written, trimmed; NULL when empty. customer_attributes.countries
 * holds lower(canonical_country(…)) from now on (src/segments/customer-attributes-sql.ts); this recomputes it for
 * existing customers from their live person records, which keep the country as written.
 *
 * The lists are frozen copies of the TypeScript ones as of this migration: tests/integration/country-sql.test.ts
 * fails when the two differ. Change both together, with a new migration that replaces the function.
 */
const CODES = (
  'AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
  'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

const NAMES: Record<string, string> = {
  'united states': 'US', 'united states of america': 'US', usa: 'US', 'u.s.a.': 'US', 'u.s.': 'US', america: 'US',
  'united kingdom': 'GB', uk: 'GB', 'u.k.': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'northern ireland': 'GB',
  germany: 'DE', deutschland: 'DE', austria: 'AT', österreich: 'AT', switzerland: 'CH', schweiz: 'CH', suisse: 'CH',
  france: 'FR', spain: 'ES', españa: 'ES', italy: 'IT', italia: 'IT', netherlands: 'NL', nederland: 'NL', holland: 'NL',
  belgium: 'BE', ireland: 'IE', portugal: 'PT', poland: 'PL', polska: 'PL', sweden: 'SE', sverige: 'SE', norway: 'NO',
  denmark: 'DK', finland: 'FI', canada: 'CA', australia: 'AU', 'new zealand': 'NZ', mexico: 'MX', méxico: 'MX',
  brazil: 'BR', brasil: 'BR', india: 'IN', japan: 'JP', singapore: 'SG',
};

/** Whitespace trimmed and, inside a name, collapsed (JavaScript's trim() set, written out). */
const SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/** Names fold ASCII letters and the map's own accented capitals only: lower() would depend on LC_CTYPE. */
const FOLD_FROM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÖÑÉ';
const FOLD_TO = 'abcdefghijklmnopqrstuvwxyzöñé';

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
/** Codes (in lower case) and names → code: one jsonb lookup (parsed once per statement, a binary search per call). */
const LOOKUP = { ...Object.fromEntries(CODES.map((code) => [code.toLowerCase(), code])), ...NAMES };

// Two plain SQL expressions, so that PostgreSQL inlines both into the calling statement (a function with a
// FROM, or plpgsql, is called per value: 10 and 4 µs per address against 2.6 µs inlined, at load 5).
const CANONICAL_COUNTRY = [
  `CREATE FUNCTION canonical_country_trimmed(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT coalesce(${literal(JSON.stringify(LOOKUP))}::jsonb ->> translate(regexp_replace(t, '[${SPACE}]+', ' ', 'g'), '${FOLD_FROM}', '${FOLD_TO}'),
                    nullif(t, ''))
  $fn$`,
  `CREATE FUNCTION canonical_country(raw text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT canonical_country_trimmed(regexp_replace(raw, '^[${SPACE}]+|[${SPACE}]+$', '', 'g'))
  $fn$`,
];

/** customer_attributes.countries recomputed from the live person records, each address country read by `value`. */
const recomputeCountries = (value: string) => `
  UPDATE customer_attributes ca SET countries = n.countries
  FROM (
    SELECT ca.customer_id, coalesce(array_agg(DISTINCT v.value ORDER BY v.value) FILTER (WHERE v.value IS NOT NULL), '{}') AS countries
    FROM customer_attributes ca
    LEFT JOIN (SELECT p.customer_id, ${value} AS value
               FROM source_record p CROSS JOIN LATERAL jsonb_array_elements(coalesce(p.person -> 'addresses', '[]')) a(v)
               WHERE p.customer_id IS NOT NULL AND p.person IS NOT NULL AND p.deleted_at IS NULL) v ON v.customer_id = ca.customer_id
    GROUP BY ca.customer_id
  ) n
  WHERE n.customer_id = ca.customer_id AND ca.countries IS DISTINCT FROM n.countries`;

export class CountryNormalisation1766300000000 implements MigrationInterface {
  name = 'CountryNormalisation1766300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of CANONICAL_COUNTRY) await q.query(statement);
    await q.query(recomputeCountries(`lower(canonical_country(a.v ->> 'country'))`));
    await q.query('ANALYZE customer_attributes');
  }

  async down(q: QueryRunner): Promise<void> {
    // as conditions compared before: case and surrounding spaces ignored, spellings apart
    await q.query(recomputeCountries(`nullif(lower(btrim(a.v ->> 'country')), '')`));
    await q.query('DROP FUNCTION canonical_country(text)');
    await q.query('DROP FUNCTION canonical_country_trimmed(text)');
    await q.query('ANALYZE customer_attributes');
  }
}
