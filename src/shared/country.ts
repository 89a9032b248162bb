// One country normalisation for everything that compares, groups or shows a country: sources write "US",
// "us", "USA" and "United States" for one country. Stored source records keep what was written (lineage);
// derived data (the golden profile, customer_attributes, exports) uses these forms.
//
// The SQL twin is canonical_country(text) (migrations/1766300000000-CountryNormalisation.ts), which holds
// copies of ISO_CODES, COUNTRY_NAMES, SPACE and FOLD: tests/integration/country-sql.test.ts checks that both
// agree on every name and code, so change them together, in a new migration.

/**
 * ISO 3166-1 alpha-2: the 249 assigned codes, plus XK (Kosovo, user-assigned but in common use) and AC/TA
 * (Ascension, Tristan da Cunha: exceptionally reserved), which phone numbering uses as regions.
 */
export const ISO_CODES: ReadonlySet<string> = new Set(
  ('AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW').split(' '),
);

/** Common names besides the code, folded (foldName): small on purpose, an unknown name stays as written. */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  'united states': 'US', 'united states of america': 'US', usa: 'US', 'u.s.a.': 'US', 'u.s.': 'US', america: 'US',
  'united kingdom': 'GB', uk: 'GB', 'u.k.': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'northern ireland': 'GB',
  germany: 'DE', deutschland: 'DE', austria: 'AT', österreich: 'AT', switzerland: 'CH', schweiz: 'CH', suisse: 'CH',
  france: 'FR', spain: 'ES', españa: 'ES', italy: 'IT', italia: 'IT', netherlands: 'NL', nederland: 'NL', holland: 'NL',
  belgium: 'BE', ireland: 'IE', portugal: 'PT', poland: 'PL', polska: 'PL', sweden: 'SE', sverige: 'SE', norway: 'NO',
  denmark: 'DK', finland: 'FI', canada: 'CA', australia: 'AU', 'new zealand': 'NZ', mexico: 'MX', méxico: 'MX',
  brazil: 'BR', brasil: 'BR', india: 'IN', japan: 'JP', singapore: 'SG',
};

/** Whitespace that is trimmed and, inside a name, collapsed: written out so PostgreSQL's regex reads the same class. */
export const SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/**
 * Case folding of names: ASCII letters and the capitals of the non-ASCII letters in COUNTRY_NAMES, nothing
 * else, so the SQL twin folds alike whatever the database's locale (lower() of 'Ö' is 'Ö' under LC_CTYPE C).
 */
export const FOLD = { from: 'ÖÑÉ', to: 'öñé' } as const;

/** Codes (in lower case) and names → code: the lookup of a folded name. */
const LOOKUP: ReadonlyMap<string, string> = new Map([...[...ISO_CODES].map((c): [string, string] => [c.toLowerCase(), c]), ...Object.entries(COUNTRY_NAMES)]);

const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');
const RUNS = new RegExp(`[${SPACE}]+`, 'g');

function foldName(trimmed: string): string {
  return trimmed.replace(RUNS, ' ').replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/[ÖÑÉ]/g, (c) => FOLD.to[FOLD.from.indexOf(c)]!);
}

/** "United Kingdom", "UK", " gb ", "Deutschland", "us" → the ISO 3166 alpha-2 code; undefined when unknown or empty. */
export function countryCode(name: string | null | undefined): string | undefined {
  // only ASCII letters fold, so only "gb", "Gb", "GB" read as a code ("ıt" does not: 'ı'.toUpperCase() is 'I')
  return LOOKUP.get(foldName((name ?? '').replace(TRIM, '')));
}

/**
 * The country as Tessera shows and compares it: the ISO code when the name is known, else the text as written,
 * trimmed (so an unusual name is kept, not dropped); undefined when empty.
 */
export function canonicalCountry(raw: string | null | undefined): string | undefined {
  const text = (raw ?? '').replace(TRIM, '');
  if (text === '') return undefined;
  return countryCode(text) ?? text;
}

/**
 * The form segment conditions compare (customer_attributes.countries holds lower(canonical_country(…))):
 * the code in lower case, or an unknown name in lower case. '' when empty, which matches nothing.
 */
export function countryKey(raw: string | null | undefined): string {
  return (canonicalCountry(raw) ?? '').toLowerCase();
}
