import {
  DEFAULT_SOURCES, Household, TruePerson, TruthRecord, generateHouseholds, generatePopulation,
} from '../../../bench/identity/population/generate';
import { populationStats } from '../../../bench/identity/population/measure';
import { typo } from '../../../bench/identity/population/corrupt';
import { mulberry32 } from '../../../src/demo/prng';
import { stripAccents } from '../../../src/demo/mess';

const take = (records: number, seed = 1, difficulty: 'easy' | 'hard' = 'hard', sources?: string[]) => [
  ...generatePopulation({ records, seed, difficulty, sources }),
];

/** The true people behind a list of records, from the same seeded stream. */
function truePeople(records: TruthRecord[], seed = 1, sources: readonly string[] = DEFAULT_SOURCES): Map<string, TruePerson> {
  const wanted = new Set(records.map((r) => r.truth));
  const people = new Map<string, TruePerson>();
  for (const household of generateHouseholds(seed, sources)) {
    for (const person of household.people) if (wanted.has(person.id)) people.set(person.id, person);
    if (people.size === wanted.size) break;
  }
  return people;
}

/** Optimal string alignment distance ≤ 1 (one insertion, deletion, substitution or adjacent swap). */
function oneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const fold = (s: string) => stripAccents(s).toLowerCase();
/** An email as the mailbox it reaches: case, whitespace, gmail dots and +tags do not matter. */
const mailbox = (email: string) => {
  const [local, domain] = email.trim().toLowerCase().split('@');
  const bare = local.replace(/\+.*/, '');
  return `${domain === 'gmail.com' ? bare.replace(/\./g, '') : bare}@${domain}`;
};
const birthIso = (p: TruePerson) => `${p.birth.year}-${String(p.birth.month).padStart(2, '0')}-${String(p.birth.day).padStart(2, '0')}`;

describe('generatePopulation', () => {
  const hard = take(20_000);
  const people = truePeople(hard);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(take(3000)).toEqual(hard.slice(0, 3000));
    expect(take(3000, 2).map((r) => r.person)).not.toEqual(hard.slice(0, 3000).map((r) => r.person));
    // Easy and hard mode describe the same people; only the corruption differs.
    const easy = take(3000, 1, 'easy');
    expect(easy.map((r) => [r.id, r.truth, r.source])).toEqual(hard.slice(0, 3000).map((r) => [r.id, r.truth, r.source]));
  });

  it('yields exactly the requested number of records with unique ids', () => {
    for (const n of [0, 1, 7, 1000]) expect(take(n)).toHaveLength(n);
    expect(hard).toHaveLength(20_000);
    expect(new Set(hard.map((r) => r.id)).size).toBe(20_000);
    expect(hard.every((r) => r.id.startsWith(`${r.source}-`) && /^[a-z]+-[0-9a-f]{8}$/.test(r.id))).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => take(-1)).toThrow(/records/);
    expect(() => take(1.5)).toThrow(/records/);
    expect(() => take(10, 1, 'hard', [])).toThrow(/sources/);
    expect(() => take(10, 1, 'hard', ['crm', 'crm'])).toThrow(/sources/);
    expect(() => take(10, 1, 'medium' as 'hard')).toThrow(/difficulty/);
  });

  it('gives each person 1–4 records in distinct sources, consecutive, with consistent truth ids', () => {
    const byTruth = new Map<string, TruthRecord[]>();
    const problems: string[] = [];
    let previous = '';
    for (const r of hard) {
      if (!/^P\d{7}$/.test(r.truth)) problems.push(`bad truth id ${r.truth}`);
      // A person's records are consecutive: once left, a person never comes back.
      if (r.truth !== previous && byTruth.has(r.truth)) problems.push(`${r.truth} comes back`);
      previous = r.truth;
      const list = byTruth.get(r.truth);
      if (list) list.push(r);
      else byTruth.set(r.truth, [r]);
    }
    const ids = [...byTruth.keys()];
    for (const [id, rs] of byTruth) {
      if (new Set(rs.map((r) => r.source)).size !== rs.length) problems.push(`${id} has two records in one source`);
      // Every person's records are in the sources the truth says (the last one may be cut short).
      const sources = rs.map((r) => r.source).join();
      if (id !== ids[ids.length - 1] && sources !== people.get(id)!.sources.join()) problems.push(`${id} in ${sources}`);
    }
    expect(problems).toEqual([]);
    const sizes = [...byTruth.values()].map((rs) => rs.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(4);
    const mean = 20_000 / byTruth.size;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(2.4);
    // Persons are numbered in order without gaps.
    expect(ids.every((id, i) => Number(id.slice(1)) === i + 1)).toBe(true);
    const sourceCounts = populationStats(hard).bySource;
    for (const source of DEFAULT_SOURCES) expect(sourceCounts[source]).toBeGreaterThan(4000);
  });

  it('honours custom sources', () => {
    const records = take(2000, 3, 'hard', ['a', 'b']);
    expect(new Set(records.map((r) => r.source))).toEqual(new Set(['a', 'b']));
    const perTruth = new Map<string, number>();
    for (const r of records) perTruth.set(r.truth, (perTruth.get(r.truth) ?? 0) + 1);
    expect(Math.max(...perTruth.values())).toBe(2);
  });

  it('renders clean records faithfully to the truth', () => {
    let checked = 0;
    for (const r of hard) {
      const truth = people.get(r.truth)!;
      if (r.corruptions.length > 0) continue;
      checked++;
      if (r.person.lastName !== undefined) expect(r.person.lastName).toBe(truth.lastName);
      if (r.person.firstName !== undefined) expect(r.person.firstName).toBe(truth.given.name);
      if (r.person.fullName !== undefined) expect(r.person.fullName).toBe(`${truth.given.name} ${truth.lastName}`);
      for (const email of r.person.emails) expect(email).toBe(truth.email);
      if (r.person.birthDate) expect(r.person.birthDate.replace(/T.*/, '')).toMatch(
        new RegExp(`^(${birthIso(truth)}|${birthIso(truth).slice(5, 7)}/${birthIso(truth).slice(8)}/${truth.birth.year}|${birthIso(truth).slice(8)}\\.${birthIso(truth).slice(5, 7)}\\.${truth.birth.year})$`),
      );
      for (const address of r.person.addresses) {
        expect(address.city).toBe(truth.home.city);
        if (address.postcode) expect(address.postcode).toBe(truth.home.postcode);
      }
      for (const id of r.person.identifiers) {
        expect(id.type).toBe('customer_number');
        expect(id.value.toUpperCase().replace(/[\s-]/g, '')).toBe(truth.customerNumber!.replace('-', ''));
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('applies each corruption as tagged', () => {
    const firstOf = (r: TruthRecord) => r.person.firstName ?? r.person.fullName?.split(' ')[0] ?? '';
    const lastOf = (r: TruthRecord) => r.person.lastName ?? r.person.fullName?.split(' ').slice(1).join(' ') ?? '';
    const nameTags = ['typo', 'nickname', 'swapped-names', 'ascii-name', 'name-case'];
    const only = (r: TruthRecord, tag: TruthRecord['corruptions'][number]) =>
      r.corruptions.includes(tag) && !r.corruptions.some((t) => t !== tag && nameTags.includes(t));
    const problems: string[] = [];
    let typos = 0;
    for (const r of hard) {
      const truth = people.get(r.truth)!;
      const has = (tag: TruthRecord['corruptions'][number]) => r.corruptions.includes(tag);
      const check = (ok: boolean, what: string) => {
        if (!ok) problems.push(`${what}: ${JSON.stringify(r)}`);
      };
      if (only(r, 'typo')) {
        typos++;
        check(oneEdit(firstOf(r), truth.given.name) !== oneEdit(lastOf(r), truth.lastName), 'typo is one edit in one name');
      }
      if (only(r, 'nickname')) check(truth.given.nicknames.includes(firstOf(r)), 'nickname');
      if (only(r, 'swapped-names') && !r.person.fullName) {
        check(r.person.firstName === truth.lastName && r.person.lastName === truth.given.name, 'swapped names');
      }
      if (has('transposed-date')) {
        check(r.person.birthDate !== undefined && truth.birth.day <= 12 && truth.birth.day !== truth.birth.month, 'transposable date');
      }
      if (has('birth-date-missing')) check(r.person.birthDate === undefined, 'birth date missing');
      if (has('birth-year-only')) {
        const p = r.person;
        check(
          p.birthDate === String(truth.birth.year) && !!p.firstName && !!p.lastName &&
            p.emails.length + p.phones.length + p.addresses.length + p.identifiers.length === 0,
          'name and birth year only',
        );
      }
      if (has('email-only')) {
        check(r.source === 'marketing' && r.person.emails.length === 1 &&
          Object.keys(r.person).sort().join() === 'addresses,emails,firstName,identifiers,phones', 'email and first name only');
      }
      if (r.person.emails.length > 0) {
        const expected = has('new-email') ? truth.otherEmail : has('shared-email') ? truth.familyEmail! : has('placeholder-email') ? 'test@test.com' : truth.email;
        check(mailbox(r.person.emails[0]) === mailbox(expected), 'email');
      }
      if (has('moved')) check(r.person.addresses[0].city === truth.otherHome.city, 'moved');
      else if (r.person.addresses.length > 0) check(r.person.addresses[0].city === truth.home.city, 'home');
      if (has('phone-missing')) check(r.person.phones.length === 0, 'phone missing');
      if (has('placeholder-email')) check(r.person.emails.join() === 'test@test.com', 'placeholder email');
      if (has('placeholder-phone')) check(r.person.phones.join() === '0000000000', 'placeholder phone');
      if (has('placeholder-birthday')) check(/^(\d{4}-01-01|01\/01\/\d{4}|01\.01\.\d{4})/.test(r.person.birthDate ?? ''), 'placeholder birthday');
      if (has('identifier-typo')) check(r.person.identifiers[0].value.replace(/\D/g, '') !== truth.customerNumber!.slice(3), 'identifier typo');
      if (has('ascii-name')) check(stripAccents(truth.given.name + truth.lastName) !== truth.given.name + truth.lastName, 'accents');
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(typos).toBeGreaterThan(1000);
  });

  it('produces the hard-mode corruption rates as specified (20k records)', () => {
    const { rates } = populationStats(hard);
    const near = (value: number, target: number, tolerance: number) => {
      expect(value).toBeGreaterThan(target - tolerance);
      expect(value).toBeLessThan(target + tolerance);
    };
    near(rates.typo, 0.15, 0.015);
    near(rates.nickname, 0.15, 0.015);
    near(rates.swappedNames, 0.03, 0.008);
    near(rates.transposedDate, 0.05, 0.012);
    near(rates.birthDateMissing, 0.3, 0.02);
    near(rates.moved, 0.1, 0.015);
    near(rates.newEmail, 0.2, 0.02);
    near(rates.emailCase, 0.09, 0.02);
    near(rates.emailWhitespace, 0.02, 0.008);
    near(rates.phoneMissing, 0.4, 0.02);
    near(rates.emailOnlyOfMarketing, 0.5, 0.04);
    near(rates.nameAndYearOnly, 0.03, 0.006);
    near(rates.placeholderEmail, 0.01, 0.004);
    near(rates.placeholderPhone, 0.01, 0.004);
    near(rates.placeholderBirthday, 0.01, 0.004);
    near(rates.customerNumberOfCrmSupport, 0.5, 0.04);
    expect(rates.identifierTypo).toBeLessThan(0.015);

    // The same numbers counted from the records themselves, without the tags.
    const full = hard.filter((r) => !r.corruptions.includes('email-only') && !r.corruptions.includes('birth-year-only'));
    near(full.filter((r) => !r.person.birthDate).length / full.length, 0.3, 0.02);
    near(full.filter((r) => r.person.phones.length === 0).length / full.length, 0.4, 0.02);
    near(hard.filter((r) => r.person.emails.includes('test@test.com')).length / hard.length, 0.01, 0.004);
    near(hard.filter((r) => r.person.phones.includes('0000000000')).length / hard.length, 0.01, 0.004);
    near(hard.filter((r) => /^\d{4}$/.test(r.person.birthDate ?? '')).length / hard.length, 0.03, 0.006);
    const crmSupport = hard.filter((r) => r.source === 'crm' || r.source === 'support');
    near(crmSupport.filter((r) => r.person.identifiers.length > 0).length / crmSupport.length, 0.5, 0.05);
    const typos = hard.filter((r) => {
      const truth = people.get(r.truth)!;
      return r.person.lastName !== undefined && oneEdit(fold(r.person.lastName), fold(truth.lastName)) && !r.corruptions.includes('swapped-names');
    });
    near(typos.length / hard.filter((r) => r.person.lastName !== undefined).length, 0.075, 0.015);
  });

  it('keeps easy mode mild', () => {
    const { rates, tags } = populationStats(take(20_000, 1, 'easy'));
    expect(rates.typo).toBeLessThan(0.04);
    expect(rates.nickname).toBeLessThan(0.08);
    expect(rates.birthDateMissing).toBeLessThan(0.13);
    expect(rates.phoneMissing).toBeLessThan(0.2);
    for (const tag of ['swapped-names', 'transposed-date', 'email-only', 'birth-year-only', 'placeholder-email', 'placeholder-phone', 'placeholder-birthday', 'identifier-typo', 'email-whitespace'] as const) {
      expect(tags[tag] ?? 0).toBe(0);
    }
  });

  it('has realistic name frequencies: many Smiths, a long tail of rare names', () => {
    const surnames = new Map<string, number>();
    for (const p of people.values()) surnames.set(p.lastName, (surnames.get(p.lastName) ?? 0) + 1);
    const ranked = [...surnames.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranked[0][0]).toBe('Smith');
    expect(ranked[0][1] / people.size).toBeGreaterThan(0.008);
    expect(ranked.filter(([, n]) => n === 1).length).toBeGreaterThan(people.size * 0.1);
  });
});

describe('households, twins and namesakes', () => {
  const households: Household[] = [];
  const everyone: TruePerson[] = [];
  for (const h of generateHouseholds(1, DEFAULT_SOURCES)) {
    households.push(h);
    everyone.push(...h.people);
    if (everyone.length >= 9000) break;
  }
  const byId = new Map(everyone.map((p) => [p.id, p]));

  it('groups 2–5 people sharing an address, mostly a surname, often a landline, sometimes an email', () => {
    const shared = households.filter((h) => h.people.length > 1);
    expect(shared.length).toBeGreaterThan(500);
    expect(Math.max(...shared.map((h) => h.people.length))).toBe(5);
    let sameSurname = 0;
    let landline = 0;
    let email = 0;
    for (const h of shared) {
      const [head] = h.people;
      for (const p of h.people) {
        expect(p.household).toBe(h.index);
        expect(p.householdSize).toBe(h.people.length);
        if (!p.namesakeOf) expect(p.home).toEqual(head.home);
      }
      if (h.people.every((p) => p.lastName === head.lastName)) sameSurname++;
      if (head.landline && h.people.every((p) => p.landline === head.landline)) landline++;
      if (h.people.filter((p) => p.familyEmail).length === 2) email++;
    }
    expect(sameSurname / shared.length).toBeGreaterThan(0.8);
    expect(landline / shared.length).toBeGreaterThan(0.45);
    expect(email / shared.length).toBeGreaterThan(0.1);
  });

  it('includes twins: same surname, birth date and address, different first names, different people', () => {
    const twins = everyone.filter((p) => p.twinOf);
    expect(twins.length).toBeGreaterThan(40);
    for (const p of twins) {
      const twin = byId.get(p.twinOf!)!;
      expect(twin.twinOf).toBe(p.id);
      expect(twin.id).not.toBe(p.id);
      expect(twin.lastName).toBe(p.lastName);
      expect(twin.birth).toEqual(p.birth);
      expect(twin.home).toEqual(p.home);
      expect(twin.given.name).not.toBe(p.given.name);
    }
  });

  it('includes namesakes: same common name and birth year, another city', () => {
    const namesakes = everyone.filter((p) => p.namesakeOf && byId.has(p.namesakeOf));
    expect(namesakes.length).toBeGreaterThan(40);
    for (const p of namesakes) {
      const other = byId.get(p.namesakeOf!)!;
      expect([p.given.name, p.lastName, p.birth.year]).toEqual([other.given.name, other.lastName, other.birth.year]);
      expect(p.home.city).not.toBe(other.home.city);
      expect(p.surnameRank).toBeLessThan(40);
    }
  });

  it('never shares a personal email, mobile or customer number between people', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(everyone.map((p) => p.email.toLowerCase()));
    unique(everyone.flatMap((p) => [p.email, p.otherEmail]).map((e) => e.toLowerCase()));
    unique(everyone.map((p) => `${p.mobile.country}${p.mobile.area}${p.mobile.subscriber}`));
    unique(everyone.flatMap((p) => (p.customerNumber ? [p.customerNumber] : [])));
  });
});

describe('typo', () => {
  it('makes exactly one edit', () => {
    const rng = mulberry32(5);
    for (const word of ['Smith', 'Al', 'Li', 'Featherstonehaugh', 'José', 'Ng', 'Łukasz']) {
      for (let i = 0; i < 50; i++) expect(oneEdit(typo(rng, word), word)).toBe(true);
    }
  });
});
