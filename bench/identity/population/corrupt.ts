// One source's record of a true person: the ways real systems disagree, at rates per difficulty.
// Every decision is drawn from the record's own seeded stream, so records never shift each other.
import { PhoneStyle, formatPhone } from '../../../src/demo/contact-points';
import { stripAccents } from '../../../src/demo/mess';
import { Rng, chance, int, pick } from '../../../src/demo/prng';
import { COUNTRY_NAMES, STREET_SUFFIXES } from '../../../src/demo/tables/places';
import type { Phone } from '../../../src/demo/types';
import type { Identifier, PersonAttributes, PostalAddress } from '../../../src/sources/record';
import type { BirthDate, Home, TruePerson } from './people';
import { NICKNAME_MASS } from './tables';

export type Difficulty = 'easy' | 'hard';

/** What was done to a record, for error analysis and for checking the rates. */
export type Corruption =
  | 'typo' // one edit in the first or last name
  | 'nickname' // Bob for Robert
  | 'swapped-names' // first name in the last-name field and vice versa
  | 'ascii-name' // accents dropped (García → Garcia)
  | 'name-case' // JOHN SMITH / john smith
  | 'birth-date-missing'
  | 'transposed-date' // day and month swapped
  | 'birth-year-only' // the name-and-birth-year-only profile
  | 'email-only' // Mailchimp-like: email and first name only
  | 'email-missing'
  | 'new-email' // the person's other address
  | 'shared-email' // the household's address
  | 'email-case'
  | 'email-whitespace'
  | 'email-provider-variant' // gmail dots or +tag
  | 'phone-missing'
  | 'shared-phone' // the household landline only
  | 'moved' // the person's other address
  | 'placeholder-email' // test@test.com
  | 'placeholder-phone' // 0000000000
  | 'placeholder-birthday' // 1 January
  | 'identifier-typo'; // one digit of the customer number wrong

export interface Rates {
  typo: number;
  nickname: number;
  swap: number;
  asciiName: number;
  nameCase: number;
  /** Of records with a full profile. */
  birthDateMissing: number;
  /** Of records with a birth date. */
  transposedDate: number;
  /** Of all records. */
  nameAndYearOnly: number;
  /** Of records in a marketing source. */
  emailOnlyMarketing: number;
  /** Of records with the person's email. */
  newEmail: number;
  emailCase: number;
  emailWhitespace: number;
  gmailVariant: number;
  /** Of records with a full profile. */
  phoneMissing: number;
  /** Non-US phones written nationally (ambiguous without the region). */
  foreignNational: number;
  /** Of records with an address. */
  moved: number;
  postcodeMissing: number;
  placeholderEmail: number;
  placeholderPhone: number;
  placeholderBirthday: number;
  /** Of CRM/support records of people with a customer number. */
  customerNumber: number;
  identifierTypo: number;
}

export const RATES: Record<Difficulty, Rates> = {
  hard: {
    typo: 0.15, nickname: 0.15, swap: 0.03, asciiName: 0.1, nameCase: 0.05,
    birthDateMissing: 0.3, transposedDate: 0.05, nameAndYearOnly: 0.03, emailOnlyMarketing: 0.5,
    newEmail: 0.2, emailCase: 0.1, emailWhitespace: 0.02, gmailVariant: 0.05,
    phoneMissing: 0.4, foreignNational: 0.1, moved: 0.1, postcodeMissing: 0.05,
    placeholderEmail: 0.01, placeholderPhone: 0.01, placeholderBirthday: 0.01,
    customerNumber: 0.85, identifierTypo: 0.005,
  },
  easy: {
    typo: 0.02, nickname: 0.05, swap: 0, asciiName: 0.03, nameCase: 0.02,
    birthDateMissing: 0.1, transposedDate: 0, nameAndYearOnly: 0, emailOnlyMarketing: 0,
    newEmail: 0.05, emailCase: 0.03, emailWhitespace: 0, gmailVariant: 0,
    phoneMissing: 0.15, foreignNational: 0, moved: 0.03, postcodeMissing: 0.01,
    placeholderEmail: 0, placeholderPhone: 0, placeholderBirthday: 0,
    customerNumber: 0.85, identifierTypo: 0,
  },
};

/** Day ≤ 12 and day ≠ month: the share of dates whose transposition is still a valid, different date. */
const TRANSPOSABLE = 132 / 365;

// Per source: which fields it tends to hold and how it writes them. Unknown sources get DEFAULT.
interface SourceStyle {
  dateFormat: 'iso' | 'us' | 'dots' | 'timestamp';
  phoneStyle: PhoneStyle;
  emailMissing: number;
  addressShare: number;
  /** Share of records with a single name field (Zendesk-like). */
  fullNameShare: number;
  customerNumber: boolean;
  marketing: boolean;
}
const DEFAULT_STYLE: SourceStyle = {
  dateFormat: 'iso', phoneStyle: 'intl', emailMissing: 0.1, addressShare: 0.6, fullNameShare: 0, customerNumber: false, marketing: false,
};
const SOURCE_STYLES: Record<string, SourceStyle> = {
  crm: { ...DEFAULT_STYLE, dateFormat: 'iso', phoneStyle: 'national', emailMissing: 0.1, addressShare: 0.85, customerNumber: true },
  support: { ...DEFAULT_STYLE, dateFormat: 'us', phoneStyle: 'e164', emailMissing: 0.05, addressShare: 0.3, fullNameShare: 0.7, customerNumber: true },
  marketing: { ...DEFAULT_STYLE, dateFormat: 'dots', phoneStyle: 'digits', emailMissing: 0, addressShare: 0.2, marketing: true },
  shop: { ...DEFAULT_STYLE, dateFormat: 'timestamp', phoneStyle: 'dashes', emailMissing: 0.1, addressShare: 0.9 },
};
const US_STYLES: PhoneStyle[] = ['national', 'dots', 'intl', 'digits', 'e164', 'dashes'];

export interface RenderedRecord {
  person: PersonAttributes;
  corruptions: Corruption[];
}

export function renderRecord(rng: Rng, truth: TruePerson, source: string, rates: Rates): RenderedRecord {
  const style = SOURCE_STYLES[source] ?? DEFAULT_STYLE;
  const tags: Corruption[] = [];
  const out: PersonAttributes = { emails: [], phones: [], addresses: [], identifiers: [] };

  const profile = chance(rng, rates.nameAndYearOnly)
    ? 'name-year'
    : style.marketing && chance(rng, rates.emailOnlyMarketing)
      ? 'email-first'
      : 'full';
  if (profile === 'name-year') tags.push('birth-year-only');
  if (profile === 'email-first') tags.push('email-only');

  // Names.
  let first = truth.given.name;
  let last = truth.lastName;
  if (truth.given.nicknames.length > 0 && chance(rng, Math.min(0.95, rates.nickname / NICKNAME_MASS))) {
    first = pick(rng, truth.given.nicknames);
    tags.push('nickname');
  }
  if (chance(rng, rates.asciiName)) {
    const [f, l] = [stripAccents(first), stripAccents(last)];
    if (f !== first || l !== last) tags.push('ascii-name');
    [first, last] = [f, l];
  }
  if (chance(rng, rates.typo)) {
    if (profile === 'email-first' || chance(rng, 0.5)) first = typo(rng, first);
    else last = typo(rng, last);
    tags.push('typo');
  }
  if (profile !== 'email-first' && chance(rng, rates.swap)) {
    [first, last] = [last, first];
    tags.push('swapped-names');
  }
  if (chance(rng, rates.nameCase)) {
    const upper = chance(rng, 0.5);
    [first, last] = upper ? [first.toUpperCase(), last.toUpperCase()] : [first.toLowerCase(), last.toLowerCase()];
    tags.push('name-case');
  }
  if (profile === 'email-first') out.firstName = first;
  else if (profile === 'full' && chance(rng, style.fullNameShare)) out.fullName = `${first} ${last}`;
  else {
    out.firstName = first;
    out.lastName = last;
  }

  if (profile === 'name-year') {
    out.birthDate = String(truth.birth.year);
    return { person: out, corruptions: tags };
  }

  // Email.
  const missingEmail = profile === 'full' && chance(rng, style.emailMissing);
  if (missingEmail) tags.push('email-missing');
  else if (profile === 'full' && chance(rng, rates.placeholderEmail)) {
    out.emails.push('test@test.com');
    tags.push('placeholder-email');
  } else {
    let email = truth.email;
    if (truth.familyEmail && chance(rng, 0.5)) {
      email = truth.familyEmail;
      tags.push('shared-email');
    } else if (chance(rng, rates.newEmail)) {
      email = truth.otherEmail;
      tags.push('new-email');
    }
    out.emails.push(emailVariant(rng, email, rates, tags));
  }
  if (profile === 'email-first') return { person: out, corruptions: tags };

  // Phones.
  if (chance(rng, rates.placeholderPhone)) {
    out.phones.push('0000000000');
    tags.push('placeholder-phone');
  } else if (chance(rng, rates.phoneMissing)) tags.push('phone-missing');
  else {
    const which = truth.landline ? pick(rng, ['mobile', 'mobile', 'mobile', 'mobile', 'mobile', 'both', 'both', 'landline', 'landline', 'landline'] as const) : 'mobile';
    if (which !== 'landline') out.phones.push(phoneText(rng, truth.mobile, style, rates));
    if (which !== 'mobile') out.phones.push(phoneText(rng, truth.landline!, style, rates));
    if (which === 'landline') tags.push('shared-phone');
  }

  // Address.
  if (chance(rng, style.addressShare)) {
    let home = truth.home;
    if (chance(rng, rates.moved)) {
      home = truth.otherHome;
      tags.push('moved');
    }
    out.addresses.push(addressText(rng, home, rates));
  }

  // Birth date.
  if (chance(rng, rates.birthDateMissing)) tags.push('birth-date-missing');
  else {
    let { year, month, day } = truth.birth;
    if (chance(rng, rates.placeholderBirthday)) {
      [month, day] = [1, 1];
      tags.push('placeholder-birthday');
    } else if (day <= 12 && day !== month && chance(rng, Math.min(1, rates.transposedDate / TRANSPOSABLE))) {
      [month, day] = [day, month];
      tags.push('transposed-date');
    }
    out.birthDate = dateText({ year, month, day }, style.dateFormat);
  }

  // Identifiers: the customer number in CRM and support systems.
  if (style.customerNumber && truth.customerNumber && chance(rng, rates.customerNumber)) {
    out.identifiers.push(customerNumber(rng, truth.customerNumber, rates, tags));
  }
  return { person: out, corruptions: tags };
}

const KEYBOARD: Record<string, string> = {
  a: 'sqz', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k',
  m: 'n', n: 'bm', o: 'ip', p: 'o', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', y: 'tu', z: 'x',
};

/** Exactly one edit (adjacent swap, deletion, doubled letter or neighbouring key), mostly after the first letter. */
export function typo(rng: Rng, word: string): string {
  if (word.length < 2) return word + word;
  for (let tries = 0; tries < 8; tries++) {
    const i = word.length > 2 && !chance(rng, 0.1) ? int(rng, 1, word.length - 1) : int(rng, 0, word.length - 1);
    const kind = int(rng, 0, 3);
    let out: string;
    if (kind === 0 && i < word.length - 1) out = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    else if (kind === 1 && word.length > 3) out = word.slice(0, i) + word.slice(i + 1);
    else if (kind === 2) out = word.slice(0, i) + word[i] + word.slice(i);
    else {
      const near = KEYBOARD[word[i].toLowerCase()];
      if (!near) continue;
      const c = pick(rng, [...near]);
      out = word.slice(0, i) + (word[i] === word[i].toUpperCase() ? c.toUpperCase() : c) + word.slice(i + 1);
    }
    if (out !== word) return out;
  }
  return word.slice(0, 1) + word.slice(0, 1).toLowerCase() + word.slice(1); // doubled first letter
}

function emailVariant(rng: Rng, email: string, rates: Rates, tags: Corruption[]): string {
  let out = email;
  const at = out.indexOf('@');
  if (out.endsWith('@gmail.com') && chance(rng, rates.gmailVariant)) {
    const local = out.slice(0, at);
    const variant = local.includes('.') && chance(rng, 0.5)
      ? local.replace(/\./g, '')
      : `${local}+${pick(rng, ['shop', 'news', 'promo', 'orders', 'web'])}`;
    out = `${variant}@gmail.com`;
    tags.push('email-provider-variant');
  }
  if (chance(rng, rates.emailCase)) {
    const [local, domain] = [out.slice(0, out.indexOf('@')), out.slice(out.indexOf('@') + 1)];
    out = chance(rng, 0.3)
      ? out.toUpperCase()
      : `${local.replace(/(^|[._])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase())}@${chance(rng, 0.5) ? domain[0].toUpperCase() + domain.slice(1) : domain}`;
    if (out !== email) tags.push('email-case');
  }
  if (chance(rng, rates.emailWhitespace)) {
    out = pick(rng, [` ${out}`, `${out} `, `${out}\t`, ` ${out} `]);
    tags.push('email-whitespace');
  }
  return out;
}

function phoneText(rng: Rng, phone: Phone, style: SourceStyle, rates: Rates): string {
  if (phone.country !== 'US') {
    if (chance(rng, rates.foreignNational)) return formatPhone(phone, 'national');
    return formatPhone(phone, chance(rng, 0.5) ? 'intl' : 'e164');
  }
  return formatPhone(phone, chance(rng, 0.7) ? style.phoneStyle : pick(rng, US_STYLES));
}

function addressText(rng: Rng, home: Home, rates: Rates): PostalAddress {
  let line1 = home.line1;
  if (chance(rng, 0.35)) {
    for (const [long, short] of STREET_SUFFIXES[home.country]) {
      if (line1.endsWith(long) || line1.includes(`${long} `)) {
        line1 = line1.replace(long, short);
        break;
      }
    }
  }
  if (chance(rng, 0.03)) line1 = line1.toUpperCase();
  const out: PostalAddress = { line1, city: home.city, country: pick(rng, COUNTRY_NAMES[home.country]) };
  if (home.line2 && chance(rng, 0.7)) out.line2 = home.line2;
  if (home.region) out.region = home.region;
  if (!chance(rng, rates.postcodeMissing)) out.postcode = home.postcode;
  return out;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export function dateText(date: BirthDate, format: SourceStyle['dateFormat']): string {
  const iso = `${date.year}-${two(date.month)}-${two(date.day)}`;
  if (format === 'us') return `${two(date.month)}/${two(date.day)}/${date.year}`;
  if (format === 'dots') return `${two(date.day)}.${two(date.month)}.${date.year}`;
  if (format === 'timestamp') return `${iso}T00:00:00Z`;
  return iso;
}

function customerNumber(rng: Rng, value: string, rates: Rates, tags: Corruption[]): Identifier {
  let digits = value.slice(3);
  if (chance(rng, rates.identifierTypo)) {
    const i = int(rng, 0, digits.length - 1);
    const replaced = (Number(digits[i]) + int(rng, 1, 9)) % 10;
    digits = digits.slice(0, i) + replaced + digits.slice(i + 1);
    tags.push('identifier-typo');
  }
  const text = pick(rng, [`CN-${digits}`, `CN-${digits}`, `CN${digits}`, `cn-${digits}`, `CN ${digits}`]);
  return { type: 'customer_number', value: text };
}
