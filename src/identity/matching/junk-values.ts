// Placeholder values that systems fill in when the real one is unknown. They
// are shared by unrelated people, so they must never link records.
// Config-shaped: configuration can pass more of the same shape as `extra`.
import { normaliseIdentifierValue } from './normalise-identifier';
import { normaliseName } from './normalise-name';

export interface JunkConfig {
  /** Whole addresses, e.g. `test@test.com`. */
  emails?: readonly string[];
  /** Local parts blocked at any domain, e.g. `noreply`. */
  emailLocalParts?: readonly string[];
  /** Domains blocked with all their subdomains, e.g. `example.com`. */
  emailDomains?: readonly string[];
  /**
   * National significant numbers (digits only), e.g. `1234567890`. Numbers
   * whose digits are all the same are always blocked.
   */
  phones?: readonly string[];
  /** Identifier values, compared after identifier normalisation. */
  identifiers?: readonly string[];
  /** First or last names that stand for no name (`Test`, `Unknown`), compared as names are normalised. */
  names?: readonly string[];
}

export const DEFAULT_JUNK: Required<JunkConfig> = {
  emails: ['test@test.com', 'test@example.com', 'a@a.com', 'none@none.com', 'no@no.com', 'x@x.com'],
  emailLocalParts: ['noreply', 'no-reply', 'no_reply', 'donotreply', 'do-not-reply', 'do_not_reply', 'null'],
  // RFC 2606 reserved example domains.
  emailDomains: ['example.com', 'example.org', 'example.net'],
  phones: ['1234567890', '0123456789', '9876543210', '1234567', '5555555555'],
  identifiers: ['0', 'N/A', 'NA', 'NULL', 'NONE', 'UNKNOWN', 'NIL'],
  // Only words no one is named: "Doe" and "Guest" are real surnames, "Na" a Korean one.
  names: ['test', 'testing', 'tester', 'unknown', 'n/a', 'none', 'null', 'nil', 'noname', 'no name', 'not provided', 'anonymous', 'asdf', 'xxx', 'user', 'customer'],
};

function list<K extends keyof JunkConfig>(key: K, extra?: JunkConfig): readonly string[] {
  const more = extra?.[key];
  return more ? [...DEFAULT_JUNK[key], ...more] : DEFAULT_JUNK[key];
}

/** Accepts a raw or normalised address. */
export function isJunkEmail(value: string, extra?: JunkConfig): boolean {
  const email = value.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const local = at >= 0 ? email.slice(0, at) : email;
  const domain = at >= 0 ? email.slice(at + 1) : '';
  const base = local.split('+')[0]!;
  if (list('emails', extra).some((e) => e.toLowerCase() === email)) return true;
  const locals = list('emailLocalParts', extra).map((l) => l.toLowerCase());
  if (locals.includes(local) || locals.includes(base)) return true;
  return list('emailDomains', extra).some((d) => {
    const blocked = d.toLowerCase();
    return domain === blocked || domain.endsWith(`.${blocked}`);
  });
}

/**
 * Accepts a number as written or in E.164. For E.164 input the country code
 * (1–3 digits) is unknown here, so each split is tried: a national number of
 * 1234567890 is a placeholder in any country.
 */
export function isJunkPhone(value: string, extra?: JunkConfig): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits === '') return false;
  const candidates = [digits];
  if (value.trim().startsWith('+')) {
    for (let cc = 1; cc <= 3; cc++) candidates.push(digits.slice(cc));
  } else if (digits.length === 11 && digits.startsWith('1')) {
    candidates.push(digits.slice(1)); // NANP trunk prefix: 1 555 555 5555
  }
  const blocked = list('phones', extra).map((p) => p.replace(/\D/g, ''));
  return candidates.some((c) => (c.length >= 6 && /^(\d)\1+$/.test(c)) || blocked.includes(c));
}

/** The placeholder names normalised, once per configuration (a check runs twice per record). */
const junkNames = new WeakMap<object, ReadonlySet<string>>();
const BUILT_IN = {};

/** A first or last name that stands for none, compared as names are normalised. */
export function isJunkName(value: string, extra?: JunkConfig): boolean {
  const name = normaliseName(value);
  if (name === '') return false;
  const key = extra ?? BUILT_IN;
  let names = junkNames.get(key);
  if (!names) junkNames.set(key, (names = new Set(list('names', extra).map(normaliseName))));
  return names.has(name);
}

export function isJunkIdentifier(value: string, extra?: JunkConfig): boolean {
  const v = normaliseIdentifierValue(value);
  if (v === '' || /^0+$/.test(v)) return true;
  return list('identifiers', extra).some((i) => normaliseIdentifierValue(i) === v);
}
