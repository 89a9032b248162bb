// The pure core: ground-truth people in households and small companies.
// Each group draws from its own seeded stream, so groups never shift each other.
import { CITY_AREAS, EmailRegistry, PhoneBook, consumerDomain, slug } from './contact-points';
import { Rng, Weighted, chance, int, pick, rngFor, weighted } from './prng';
import { FIRST_NAMES, FirstName, SURNAMES } from './tables/names';
import {
  CITIES, COMPANY_TRADES, COMPANY_WORDS, City, LEGAL_FORMS, STREET_NAMES, STREET_SUFFIXES, TLDS,
} from './tables/places';
import type { Address, DemoGroup, DemoOptions, DemoPerson, SystemName } from './types';

export const DEFAULT_SEED = 42;
export const DEFAULT_NOW = new Date('2026-01-01T00:00:00Z');

/**
 * The day a demo written now ends on (midnight UTC): the made-up company's history runs up to today, so
 * "in the last 30 days" finds its recent activity; the same seed on the same day writes the same files.
 */
export function demoDay(at: Date = new Date()): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}
const DAY = 86_400_000;

const firstNames = new Weighted(FIRST_NAMES.map((f) => [f, f.weight] as const));
const surnames = new Weighted(SURNAMES);
const cities = new Weighted(CITIES);

// ~20% in one system, ~45% in two, ~35% in all three.
const SYSTEM_MIXES = new Weighted<SystemName[]>([
  [['crm'], 8],
  [['support'], 5],
  [['marketing'], 7],
  [['crm', 'support'], 15],
  [['crm', 'marketing'], 20],
  [['support', 'marketing'], 10],
  [['crm', 'support', 'marketing'], 35],
]);

/** Chance that a household of two or more has a pair sharing an email or a landline (~3% of people). */
const SHARING_RATE = 0.09;

/** Streams groups of people until `customers` people exist. Holds no per-person state beyond email uniqueness. */
export class PeopleGenerator {
  private readonly emails = new EmailRegistry();
  private readonly phones: PhoneBook;
  private readonly usedDomains = new Set<string>();
  private nextPerson = 0;
  private nextGroup = 0;
  readonly seed: number;
  readonly now: number;

  constructor(private readonly options: DemoOptions) {
    this.seed = options.seed ?? DEFAULT_SEED;
    this.now = (options.now ?? DEFAULT_NOW).getTime();
    this.phones = new PhoneBook(this.seed);
  }

  next(): DemoGroup | undefined {
    const remaining = this.options.customers - this.nextPerson;
    if (remaining <= 0) return undefined;
    const rng = rngFor(this.seed, 1, this.nextGroup);
    return this.group(rng, this.nextGroup++, remaining);
  }

  private group(rng: Rng, index: number, remaining: number): DemoGroup {
    const city = cities.pick(rng);
    // Sizes chosen so an account holds ~3 CRM contacts on average.
    const company = chance(rng, 0.35);
    const size = Math.min(remaining, company ? int(rng, 3, 8) : weighted(rng, [[1, 15], [2, 35], [3, 25], [4, 18], [5, 7]]));
    const group: DemoGroup = company
      ? { index, kind: 'company', ...this.company(rng, city, index), country: city.country, city: city.city, people: [] }
      : { index, kind: 'household', name: '', country: city.country, city: city.city, people: [] };
    const familyName = surnames.pick(rng);
    const home = address(rng, city);
    for (let i = 0; i < size; i++) {
      const last = company ? surnames.pick(rng) : familyName;
      group.people.push(this.person(rng, group, last, company ? address(rng, city) : home));
    }
    if (!company) {
      group.name = `${familyName} Household`;
      if (size >= 2 && chance(rng, SHARING_RATE)) this.share(rng, group.people[0], group.people[1]);
    }
    return group;
  }

  private company(rng: Rng, city: City, index: number): { name: string; industry: string; domain: string } {
    const [trade, industry] = pick(rng, COMPANY_TRADES);
    const brand = `${pick(rng, COMPANY_WORDS)} ${trade}`;
    let domain = `${slug(brand)}.${TLDS[city.country]}`;
    if (this.usedDomains.has(domain)) domain = `${slug(brand)}-${slug(city.city)}.${TLDS[city.country]}`;
    if (this.usedDomains.has(domain)) domain = `${slug(brand)}${index}.${TLDS[city.country]}`;
    this.usedDomains.add(domain);
    return { name: `${brand} ${pick(rng, LEGAL_FORMS[city.country])}`, industry, domain };
  }

  private person(rng: Rng, group: DemoGroup, lastName: string, home: Address): DemoPerson {
    const index = this.nextPerson++;
    const first: FirstName = firstNames.pick(rng);
    const nickname = first.nicknames.length > 0 && chance(rng, 0.4) ? pick(rng, first.nicknames) : undefined;
    const systems = SYSTEM_MIXES.pick(rng);
    const person: DemoPerson = {
      index,
      key: `P${String(index + 1).padStart(7, '0')}`,
      groupIndex: group.index,
      firstName: first.name,
      nickname,
      lastName,
      birthDate: birthDate(rng, this.now),
      email: this.email(rng, group, nickname ?? first.name, lastName, index),
      mobile: this.phones.mobile(group.country, group.city),
      address: home,
      customerNumber: `CN-${String(100000 + index)}`,
      systems: { crm: systems.includes('crm'), support: systems.includes('support'), marketing: systems.includes('marketing') },
    };
    if (systems.length >= 2 && chance(rng, 0.15)) {
      person.oldEmail = this.emails.personal(rng, person.firstName, lastName, otherDomain(rng, person.email, group), index);
      person.oldEmailIn = pick(rng, systems);
    }
    return person;
  }

  private email(rng: Rng, group: DemoGroup, first: string, last: string, index: number): string {
    const domain = group.domain && chance(rng, 0.6) ? group.domain : consumerDomain(rng, group.country);
    return this.emails.personal(rng, first, last, domain, index);
  }

  /** Two family members share one email (in the CRM) or one landline (everywhere). */
  private share(rng: Rng, a: DemoPerson, b: DemoPerson): void {
    if (chance(rng, 0.5)) {
      a.email = this.emails.family(rng, a.lastName, consumerDomain(rng, a.address.country), a.index);
      b.sharedEmail = a.email;
      return;
    }
    const phone = this.phones.landline(a.address.country, CITY_AREAS[a.address.city]);
    a.homePhone = phone;
    b.homePhone = phone;
  }
}

function otherDomain(rng: Rng, current: string, group: DemoGroup): string {
  for (let tries = 0; tries < 5; tries++) {
    const domain = consumerDomain(rng, group.country);
    if (!current.endsWith(`@${domain}`)) return domain;
  }
  return current.endsWith('@aol.com') ? 'hotmail.com' : 'aol.com';
}

function address(rng: Rng, city: City): Address {
  const country = city.country;
  const name = pick(rng, STREET_NAMES[country]);
  const [suffix] = pick(rng, STREET_SUFFIXES[country]);
  const number = int(rng, 1, country === 'US' ? 4999 : 180);
  const street = country === 'DE' ? `${name}${suffix} ${number}` : `${number} ${name} ${suffix}`;
  const flat = country === 'US' ? `Apt ${int(rng, 1, 24)}${pick(rng, ['A', 'B', 'C'])}` : `Flat ${int(rng, 1, 12)}`;
  return {
    street,
    street2: country !== 'DE' && chance(rng, 0.15) ? flat : undefined,
    city: city.city,
    state: city.state,
    postcode: pick(rng, city.postcodes),
    country,
  };
}

function birthDate(rng: Rng, now: number): string {
  const age = int(rng, 18, 85);
  const year = new Date(now).getUTCFullYear() - age;
  return new Date(Date.UTC(year, 0, 1) + int(rng, 0, 364) * DAY).toISOString().slice(0, 10);
}

export function* peopleGroups(options: DemoOptions): Generator<DemoGroup> {
  const generator = new PeopleGenerator(options);
  for (let group = generator.next(); group; group = generator.next()) yield group;
}

/** All people at once, for tests and small demos. The file writer streams groups instead. */
export function generatePeople(options: DemoOptions): DemoPerson[] {
  const people: DemoPerson[] = [];
  for (const group of peopleGroups(options)) people.push(...group.people);
  return people;
}
