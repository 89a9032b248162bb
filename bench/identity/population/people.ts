// The ground truth: real people living in households. Streams household by household and
// keeps only bounded state (a fixed-size Bloom filter of taken email addresses and a small
// ring of recent people for namesakes), so a million records fit in constant memory.
import { CITY_AREAS, consumerDomain, slug } from '../../../src/demo/contact-points';
import { Rng, Weighted, chance, int, mixSeed, pick, rngFor, weighted } from '../../../src/demo/prng';
import { CITIES, City, Country, STREET_SUFFIXES } from '../../../src/demo/tables/places';
import type { Phone } from '../../../src/demo/types';
import { GivenName, HEAD_FIRST_NAMES, STREETS, pickFirstName, pickSurname } from './tables';

/** Every date is relative to this, so output never depends on the clock. */
export const POPULATION_NOW_YEAR = 2026;

export interface Home {
  /** Long form, e.g. `12 Oak Street`; records may abbreviate it. */
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postcode: string;
  country: Country;
}

export interface BirthDate {
  year: number;
  month: number;
  day: number;
}

/** One real person. Records are corrupted views of it. */
export interface TruePerson {
  index: number;
  /** Truth id: `P0000001`. */
  id: string;
  household: number;
  householdSize: number;
  given: GivenName;
  lastName: string;
  /** Frequency rank of the surname (0 = Smith). */
  surnameRank: number;
  birth: BirthDate;
  home: Home;
  /** The other address of someone who moved; some records still (or already) hold it. */
  otherHome: Home;
  email: string;
  /** A second address of theirs (new provider, work) that some systems hold instead. */
  otherEmail: string;
  /** Shared with another household member. */
  familyEmail?: string;
  mobile: Phone;
  /** Household landline, shared by everyone in the household. */
  landline?: Phone;
  /** Same value in every CRM and support record of this person that carries it. */
  customerNumber?: string;
  /** Distinct sources holding a record of this person, 1–4. */
  sources: string[];
  /** Truth id of the twin: same surname, birth date and address, different first name. */
  twinOf?: string;
  /** Truth id of an earlier, different person with the same common name and birth year, in another city. */
  namesakeOf?: string;
}

export interface Household {
  index: number;
  people: TruePerson[];
}

const cities = new Weighted(CITIES);
const COMMON_FIRST_NAMES = new Set(HEAD_FIRST_NAMES.filter(([, weight]) => weight >= 8).map(([given]) => given.name));
const RECORDS_PER_PERSON = [[1, 30], [2, 35], [3, 22], [4, 13]] as const;
const HOUSEHOLD_SIZES = [[2, 45], [3, 25], [4, 20], [5, 10]] as const;
const SINGLE_SHARE = 0.75;
const TWIN_RATE = 0.1; // of households with two or more children
const NAMESAKE_RATE = 0.02; // of people living alone
const CUSTOMER_NUMBER_RATE = 0.6;

export function personId(index: number): string {
  return `P${String(index + 1).padStart(7, '0')}`;
}

// Multipliers for scramble(): each shares no factor with the capacities it is used with
// (powers of 2 and 5, and the prime 99,999,989), so k → (k·A + B) mod capacity is a bijection.
const EMAIL_A = 7_654_321; // 19 · 402859
const PHONE_A = 2_718_281; // prime
const NUMBER_A = 54_435_761; // prime

/** k → (k·A + B) mod capacity, B drawn from the seed and the purpose; products stay below 2^53. */
function scramble(k: number, capacity: number, multiplier: number, seed: number, purpose: number): number {
  return ((k % capacity) * multiplier + (mixSeed(seed, purpose) % capacity)) % capacity;
}

// ---------------------------------------------------------------- emails

/**
 * Hands out email addresses no two people share, in bounded memory. Natural local parts
 * (john.smith, jsmith80) are checked against a fixed-size Bloom filter: a false positive only
 * means a natural address is skipped for a numbered one, never a duplicate. Numbered fallbacks
 * end in a 5–9 digit suffix that is a bijection of the (person, slot) number, and no natural
 * form ends in more than 4 digits, so fallbacks never collide with anything.
 */
export class EmailRegistry {
  private static readonly BITS = 1 << 24; // 2 MiB
  private readonly bits = new Uint32Array(EmailRegistry.BITS >>> 5);

  constructor(private readonly seed: number) {}

  /** Claims `local@domain` if free, else a numbered address from `slot` (unique per person and purpose). */
  claim(local: string, domain: string, slot: number): string {
    // Gmail ignores dots: john.smith and johnsmith are one mailbox.
    const key = `${domain === 'gmail.com' ? local.replace(/\./g, '') : local}@${domain}`;
    if (this.testAndSet(key)) return `${local}@${domain}`;
    const letters = local.replace(/\d+$/, '');
    if (slot >= 99_999_989) throw new Error('population too large for unique email suffixes');
    return `${letters}${10_000 + scramble(slot, 99_999_989, EMAIL_A, this.seed, 1)}@${domain}`;
  }

  /** True when the key was free (and is now taken). */
  private testAndSet(key: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = this.seed ^ 0x5bd1e995;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h2 |= 1;
    let free = false;
    for (let i = 0; i < 3; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) & (EmailRegistry.BITS - 1);
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if ((this.bits[word] & mask) === 0) {
        free = true;
        this.bits[word] |= mask;
      }
    }
    return free;
  }
}

type LocalForm = (f: string, l: string, birth: BirthDate) => string;
const LOCAL_FORMS = new Weighted<LocalForm>([
  [(f, l) => `${f}.${l}`, 34],
  [(f, l) => `${f}${l}`, 12],
  [(f, l) => `${f[0]}${l}`, 12],
  [(f, l) => `${f}_${l}`, 6],
  [(f, l) => `${l}.${f}`, 5],
  [(f, l) => `${f}${l[0]}`, 4],
  [(f, l) => `${f[0]}.${l}`, 4],
  [(f, l, b) => `${f}.${l}${String(b.year % 100).padStart(2, '0')}`, 10],
  [(f, l, b) => `${f}${l}${b.year}`, 6],
  [(f, l, b) => `${f[0]}${l}${String(b.year % 100).padStart(2, '0')}`, 7],
]);

function localPart(rng: Rng, first: string, last: string, birth: BirthDate): string {
  return LOCAL_FORMS.pick(rng)(slug(first) || 'x', slug(last).slice(0, 20) || 'x', birth);
}

function otherDomain(rng: Rng, country: Country, current: string): string {
  for (let tries = 0; tries < 6; tries++) {
    const domain = consumerDomain(rng, country);
    if (domain !== current) return domain;
  }
  return current === 'outlook.com' ? 'proton.me' : 'outlook.com';
}

// ---------------------------------------------------------------- phones

const US_MOBILE_AREAS: Record<string, string[]> = {
  'San Francisco': ['415', '628'], 'New York': ['212', '646', '917', '718'], Chicago: ['312', '773'],
  Austin: ['512', '737'], Seattle: ['206', '425'], Boston: ['617', '857'], Denver: ['303', '720'], Portland: ['503', '971'],
};
const DE_MOBILE = ['151', '160', '170', '176'];

/**
 * Mobiles are a bijection of the person index, landlines of the household index, in disjoint
 * number ranges, so a number is shared only where the truth shares it (a household landline).
 */
function mobileFor(index: number, city: City, seed: number): Phone {
  if (city.country === 'US') {
    const n = scramble(index, 4_000_000, PHONE_A, seed, 2); // exchanges 200–599
    const areas = US_MOBILE_AREAS[city.city] ?? [CITY_AREAS[city.city]];
    return { country: 'US', area: areas[index % areas.length], subscriber: `${200 + Math.floor(n / 10_000)}${pad(n % 10_000, 4)}` };
  }
  if (city.country === 'GB') {
    const n = scramble(index, 100_000_000, PHONE_A, seed, 3);
    return { country: 'GB', area: `7${400 + Math.floor(n / 1_000_000)}`, subscriber: pad(n % 1_000_000, 6) };
  }
  const n = scramble(index, 400_000_000, PHONE_A, seed, 4);
  return { country: 'DE', area: DE_MOBILE[n % 4], subscriber: pad(10_000_000 + Math.floor(n / 4), 8).slice(-8) };
}

function landlineFor(household: number, city: City, seed: number): Phone {
  const area = CITY_AREAS[city.city];
  if (city.country === 'US') {
    const n = scramble(household, 4_000_000, PHONE_A, seed, 5); // exchanges 600–999
    return { country: 'US', area, subscriber: `${600 + Math.floor(n / 10_000)}${pad(n % 10_000, 4)}` };
  }
  const n = scramble(household, 8_000_000, PHONE_A, seed, 6);
  const subscriber = String(2_000_000 + n); // 7 digits, no leading 0
  return { country: city.country, area, subscriber: area === '20' ? `3${subscriber}` : subscriber };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------- addresses

const GB_INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function homeIn(rng: Rng, city: City): Home {
  const country = city.country;
  const street = pick(rng, STREETS[country]);
  const [suffix] = pick(rng, STREET_SUFFIXES[country]);
  const base = pick(rng, city.postcodes);
  let line1: string;
  let line2: string | undefined;
  let postcode: string;
  if (country === 'US') {
    line1 = `${int(rng, 1, 9999)} ${street} ${suffix}`;
    if (chance(rng, 0.2)) line2 = `Apt ${int(rng, 1, 30)}${pick(rng, ['', 'A', 'B', 'C'])}`;
    postcode = base.slice(0, 3) + pad(int(rng, 1, 60), 2);
  } else if (country === 'GB') {
    line1 = `${int(rng, 1, 250)} ${street} ${suffix}`;
    if (chance(rng, 0.15)) line2 = `Flat ${int(rng, 1, 24)}`;
    postcode = `${base.split(' ')[0]} ${int(rng, 1, 9)}${pick(rng, [...GB_INWARD_LETTERS])}${pick(rng, [...GB_INWARD_LETTERS])}`;
  } else {
    line1 = `${street}${suffix} ${int(rng, 1, 200)}`;
    postcode = pad(Number(base) + int(rng, 0, 80), 5);
  }
  return { line1, line2, city: city.city, region: city.state, postcode, country };
}

// ---------------------------------------------------------------- people

interface Recent {
  id: string;
  given: GivenName;
  lastName: string;
  surnameRank: number;
  year: number;
  city: string;
}

function birthAtAge(rng: Rng, age: number): BirthDate {
  const year = POPULATION_NOW_YEAR - 1 - age;
  const dayOfYear = int(rng, 0, 364);
  const date = new Date(Date.UTC(year, 0, 1 + dayOfYear));
  return { year, month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function pickDistinct(rng: Rng, sources: readonly string[], count: number): string[] {
  const pool = [...sources];
  const chosen: string[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) chosen.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]);
  // Keep the configured source order so records come out source by source within a person.
  return sources.filter((s) => chosen.includes(s));
}

/** Streams households forever; the caller stops when it has enough records. */
export class PeopleStream {
  private readonly emails: EmailRegistry;
  private readonly recent: Recent[] = [];
  private nextPerson = 0;
  private nextHousehold = 0;

  constructor(
    private readonly seed: number,
    private readonly sources: readonly string[],
  ) {
    this.emails = new EmailRegistry(seed);
  }

  next(): Household {
    const index = this.nextHousehold++;
    const rng = rngFor(this.seed, 0x1d, index);
    const city = cities.pick(rng);
    const size = chance(rng, SINGLE_SHARE) ? 1 : weighted(rng, HOUSEHOLD_SIZES);
    const home = homeIn(rng, city);
    const surname = pickSurname(rng);
    const landline = chance(rng, size > 1 ? 0.6 : 0.25) ? landlineFor(index, city, this.seed) : undefined;

    // Who lives here: adults (a couple or a single parent) and their children (16+, all customers).
    let adults = 1;
    if (size === 2) adults = weighted(rng, [[2, 75], [1, 15], [0, 10]]); // 0: two adult siblings
    else if (size > 2) adults = chance(rng, 0.7) ? 2 : 1;
    const children = size - adults;
    const parentAge = size === 1 ? int(rng, 18, 88) : children > 0 ? int(rng, 40, 80) : int(rng, 22, 85);
    const twins = children >= 2 && chance(rng, TWIN_RATE);

    const people: TruePerson[] = [];
    let twinBirth: BirthDate | undefined;
    for (let m = 0; m < size; m++) {
      const isAdult = m < adults;
      const age = isAdult
        ? Math.max(18, parentAge + (m === 0 ? 0 : int(rng, -6, 6)))
        : Math.max(16, adults > 0 ? parentAge - int(rng, 22, 38) : int(rng, 18, 40));
      let given = pickFirstName(rng).given;
      let lastName = surname.name;
      let surnameRank = surname.rank;
      if (isAdult && m === 1 && chance(rng, 0.15)) {
        const own = pickSurname(rng);
        lastName = own.name;
        surnameRank = own.rank;
      }
      let birth = birthAtAge(rng, age);
      let twinOf: string | undefined;
      const isSecondTwin = twins && m === adults + 1;
      if (twins && m === adults) twinBirth = birth;
      if (isSecondTwin && twinBirth) {
        birth = { ...twinBirth };
        const first = people[adults].given.name;
        for (let tries = 0; tries < 20 && given.name === first; tries++) given = pickFirstName(rng).given;
        if (given.name === first) given = { name: first === 'Anna' ? 'Emma' : 'Anna', nicknames: [] };
        twinOf = people[adults].id;
      }
      let namesakeOf: string | undefined;
      let personCity = city;
      let personHome = home;
      if (size === 1 && chance(rng, NAMESAKE_RATE)) {
        const other = this.recent.length > 0 ? pick(rng, this.recent) : undefined;
        if (other) {
          given = other.given;
          lastName = other.lastName;
          surnameRank = other.surnameRank;
          birth = birthAtAge(rng, POPULATION_NOW_YEAR - 1 - other.year);
          for (let tries = 0; tries < 20 && personCity.city === other.city; tries++) personCity = cities.pick(rng);
          if (personCity.city === other.city) personCity = CITIES.find(([c]) => c.city !== other.city)![0];
          personHome = homeIn(rng, personCity);
          namesakeOf = other.id;
        }
      }
      const person = this.person(rng, index, size, personCity, personHome, given, lastName, surnameRank, birth);
      if (personCity === city) person.landline = landline;
      person.twinOf = twinOf;
      person.namesakeOf = namesakeOf;
      if (twinOf) people[adults].twinOf = person.id;
      people.push(person);
      this.remember(person, personCity.city);
    }

    // Sometimes two members share one email address (the family's), used by both in some systems.
    if (size >= 2 && chance(rng, 0.2)) {
      const [a, b] = people;
      const local = weighted(rng, [[`the${slug(a.lastName)}s`, 1], [`${slug(a.lastName)}family`, 1], [`${slug(a.lastName)}.family`, 1], [`${slug(a.lastName)}home`, 1]]);
      const family = this.emails.claim(local, consumerDomain(rng, city.country), a.index * 4 + 2);
      a.familyEmail = family;
      b.familyEmail = family;
    }
    return { index, people };
  }

  private person(
    rng: Rng, household: number, householdSize: number, city: City, home: Home,
    given: GivenName, lastName: string, surnameRank: number, birth: BirthDate,
  ): TruePerson {
    const index = this.nextPerson++;
    const emailName = given.nicknames.length > 0 && chance(rng, 0.3) ? pick(rng, given.nicknames) : given.name;
    const domain = consumerDomain(rng, city.country);
    const email = this.emails.claim(localPart(rng, emailName, lastName, birth), domain, index * 4);
    const newDomain = otherDomain(rng, city.country, domain);
    const otherLocal = chance(rng, 0.5) ? email.slice(0, email.indexOf('@')).replace(/\d+$/, '') : localPart(rng, given.name, lastName, birth);
    const otherEmail = this.emails.claim(otherLocal, newDomain, index * 4 + 1);
    const moveCity = chance(rng, 0.7) ? city : cities.pick(rng);
    const records = weighted(rng, RECORDS_PER_PERSON);
    return {
      index,
      id: personId(index),
      household,
      householdSize,
      given,
      lastName,
      surnameRank,
      birth,
      home,
      otherHome: homeIn(rng, moveCity),
      email,
      otherEmail,
      mobile: mobileFor(index, city, this.seed),
      customerNumber: chance(rng, CUSTOMER_NUMBER_RATE) ? `CN-${pad(scramble(index, 99_999_989, NUMBER_A, this.seed, 7), 8)}` : undefined,
      sources: pickDistinct(rng, this.sources, records),
    };
  }

  private remember(person: TruePerson, city: string): void {
    // Namesakes copy common names only: a shared rare name would be a real lead, not a trap.
    if (person.surnameRank >= 40 || !COMMON_FIRST_NAMES.has(person.given.name)) return;
    const entry: Recent = { id: person.id, given: person.given, lastName: person.lastName, surnameRank: person.surnameRank, year: person.birth.year, city };
    if (this.recent.length < 256) this.recent.push(entry);
    else this.recent[person.index % 256] = entry;
  }
}

/** The true people, household by household (infinite: stop when you have enough). */
export function* generateHouseholds(seed: number, sources: readonly string[]): Generator<Household> {
  const stream = new PeopleStream(seed, sources);
  for (;;) yield stream.next();
}
