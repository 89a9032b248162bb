import { formatPhone } from '../../../src/demo/contact-points';
import { generatePeople } from '../../../src/demo/generate-demo';
import { typo } from '../../../src/demo/mess';
import { mulberry32, rngFor } from '../../../src/demo/prng';
import { caseSafeId, salesforceId } from '../../../src/demo/salesforce';
import type { DemoPerson } from '../../../src/demo/types';

const systemCount = (p: DemoPerson) => Number(p.systems.crm) + Number(p.systems.support) + Number(p.systems.marketing);
const phoneKey = (p: DemoPerson['mobile']) => `${p.country}${p.area}${p.subscriber}`;

describe('generatePeople', () => {
  const people = generatePeople({ customers: 1000 });

  it('makes exactly the requested people, the same for the same seed', () => {
    expect(people).toHaveLength(1000);
    expect(generatePeople({ customers: 1000 })).toEqual(people);
    expect(generatePeople({ customers: 1000, seed: 7 })).not.toEqual(people);
  });

  it('spreads people over 1–3 systems: ~20% one, ~45% two, ~35% three', () => {
    const share = (n: number) => people.filter((p) => systemCount(p) === n).length / people.length;
    expect(share(1)).toBeGreaterThan(0.12);
    expect(share(1)).toBeLessThan(0.28);
    expect(share(2)).toBeGreaterThan(0.36);
    expect(share(2)).toBeLessThan(0.54);
    expect(share(3)).toBeGreaterThan(0.27);
    expect(share(3)).toBeLessThan(0.43);
    expect(people.every((p) => systemCount(p) >= 1)).toBe(true);
  });

  it('never gives two people the same own email or mobile (the truth stays unambiguous)', () => {
    const emails = people.flatMap((p) => [p.email, p.oldEmail].filter(Boolean));
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(people.map((p) => phoneKey(p.mobile))).size).toBe(people.length);
  });

  it('shares a household email or landline between ~3% of people, always same surname and address', () => {
    const sharing = people.filter((p) => p.sharedEmail || p.homePhone);
    expect(sharing.length / people.length).toBeGreaterThan(0.01);
    expect(sharing.length / people.length).toBeLessThan(0.07);
    for (const b of people.filter((p) => p.sharedEmail)) {
      const a = people.find((p) => p.email === b.sharedEmail)!;
      expect([a.lastName, a.address]).toEqual([b.lastName, b.address]);
    }
  });

  it('gives some people an old email that one of their systems still holds', () => {
    const moved = people.filter((p) => p.oldEmail);
    expect(moved.length).toBeGreaterThan(50);
    expect(moved.every((p) => p.oldEmailIn && p.systems[p.oldEmailIn] && p.oldEmail !== p.email)).toBe(true);
  });

  it('uses every realistic name: nicknames, accents, apostrophes', () => {
    expect(people.filter((p) => p.nickname).length).toBeGreaterThan(100);
    expect(people.some((p) => /[^\x00-\x7f]/.test(p.firstName + p.lastName))).toBe(true);
    expect(new Set(people.map((p) => p.lastName)).size).toBeGreaterThan(50);
  });
});

describe('building blocks', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const values = Array.from({ length: 100 }, () => a());
    expect(values).toEqual(Array.from({ length: 100 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('writes one phone number in many formats', () => {
    const phone = { country: 'US' as const, area: '415', subscriber: '5550134' };
    expect(['national', 'dots', 'intl', 'digits', 'e164', 'dashes'].map((s) => formatPhone(phone, s as never))).toEqual([
      '(415) 555-0134', '415.555.0134', '+1 415 555 0134', '4155550134', '+14155550134', '415-555-0134',
    ]);
    expect(formatPhone({ country: 'GB', area: '20', subscriber: '79460018' }, 'intl')).toBe('+44 20 7946 0018');
    expect(formatPhone({ country: 'DE', area: '151', subscriber: '12345678' }, 'dashes')).toBe('0151/12345678');
  });

  it('makes a typo of exactly one edit', () => {
    const rng = rngFor(3);
    for (let i = 0; i < 50; i++) {
      const changed = typo(rng, 'Katherine');
      expect(Math.abs(changed.length - 'Katherine'.length)).toBeLessThanOrEqual(1);
      expect(changed[0]).toBe('K');
    }
  });

  it('computes the Salesforce case-safe id suffix', () => {
    expect(caseSafeId('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    expect(salesforceId('003', 1)).toMatch(/^0035g0000000001[A-Z0-5]{3}$/);
  });
});
