import { BLOCKING_RULES, blockIndex, blockingKeys, candidatePairs, forEachCandidatePair } from '../../../../src/identity/engine/blocking';
import { HOME, rec } from './fixtures';

describe('blockingKeys', () => {
  it('prefixes every key with its rule', () => {
    const keys = blockingKeys(
      rec('a', {
        first: 'Bob',
        last: 'Smith',
        birth: '1980-05-07',
        emails: ['bob.smith@gmail.com'],
        phones: ['0113 496 0001'],
        address: HOME,
        ids: { customer_number: 'CN1' },
      }),
    );
    expect(keys).toEqual(
      expect.arrayContaining([
        'email:bobsmith@gmail.com',
        'phone:+441134960001',
        'id:customer_number:CN1',
        'email_name:bobsmith',
        'email_name:robertsmith',
        'sx_last+by:S530|1980',
        'first+postcode:robert|LS14AB',
        'dob:1980|5|7',
        'sx_last+md:S530|5|7',
        'first+md:robert|5|7',
        'last+initial:smith|r',
        'postcode+house:LS14AB|12',
        'initials+by:r|s|1980',
        'swap:R163|S530',
      ]),
    );
    const rules = new Set(keys.map((k) => k.slice(0, k.indexOf(':'))));
    expect([...rules].sort()).toEqual(BLOCKING_RULES.map((r) => r.name).sort());
  });

  it.each([
    ['a transposed birth date', { first: 'Ann', last: 'Lee', birth: '1980-05-07' }, { first: 'Ann', last: 'Lee', birth: '1980-07-05' }, 'dob:'],
    ['swapped names', { first: 'Ann', last: 'Lee' }, { first: 'Lee', last: 'Ann' }, 'swap:'],
    ['a nickname', { first: 'Bob', last: 'Ng', address: HOME }, { first: 'Robert', last: 'Xu', address: HOME }, 'first+postcode:'],
    ['a typo in the birth year', { first: 'Ann', last: 'Lee', birth: '1980-05-07' }, { first: 'Ann', last: 'Lee', birth: '1981-05-07' }, 'first+md:'],
    ['an address spelling the name', { first: 'Linda', emails: ['lford99@gmail.com'] }, { first: 'Linda', last: 'Ford' }, 'email_name:'],
    ['a household address', { first: 'Steve', emails: ['thewalkers@gmx.de'] }, { first: 'Steven', last: 'Walker' }, 'last+initial:'],
  ])('puts records with %s in a shared block', (_, a, b, rule) => {
    const shared = blockingKeys(rec('a', a)).filter((k) => blockingKeys(rec('b', b)).includes(k));
    expect(shared.some((k) => k.startsWith(rule))).toBe(true);
  });

  it('keeps 1 January birthdays out of the month-day keys of first names', () => {
    expect(blockingKeys(rec('a', { first: 'Ann', birth: '1980-01-01' })).some((k) => k.startsWith('first+md:'))).toBe(false);
  });
});

describe('candidatePairs', () => {
  const records = [
    rec('0', { first: 'Ann', last: 'Lee', emails: ['ann@lee.org'] }),
    rec('1', { first: 'Ann', last: 'Lee', emails: ['ann@lee.org'], phones: ['0113 496 0001'] }),
    rec('2', { first: 'Bo', last: 'Xu', phones: ['0113 496 0001'] }),
    rec('3', { first: 'Cy', last: 'Zed' }),
  ];

  it('returns each pair once with a < b, and what each rule cost and added', () => {
    const { pairs, perRule, perRuleNew, skippedBlocks } = candidatePairs(records);
    expect(pairs).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(perRule).toMatchObject({ email: 1, phone: 1, email_name: 1, 'last+initial': 1, swap: 1 });
    // Rule order decides who is credited: 0–1 by email (first), 1–2 by phone.
    expect(perRuleNew).toMatchObject({ email: 1, phone: 1, email_name: 0, swap: 0 });
    expect(skippedBlocks).toBe(0);
  });

  it('skips and counts blocks above maxBlockSize', () => {
    const many = Array.from({ length: 6 }, (_, i) => rec(String(i), { first: `P${'abcdef'[i]}`, emails: ['shared@family.org'] }));
    const capped = candidatePairs(many, { maxBlockSize: 5 });
    expect(capped.pairs).toEqual([]);
    expect(capped.skippedBlocks).toBeGreaterThanOrEqual(1);
    expect(candidatePairs(many, { maxBlockSize: 6 }).pairs).toHaveLength(15);
  });

  it('streams the same pairs it returns', () => {
    const seen: [number, number, string][] = [];
    const stats = forEachCandidatePair(records, (a, b, rule) => seen.push([a, b, BLOCKING_RULES[rule]!.name]));
    expect(seen).toEqual([
      [0, 1, 'email'],
      [1, 2, 'phone'],
    ]);
    expect(stats.pairs).toBe(2);
  });

  it('stays far below n² on a population of distinct people', () => {
    const word = (n: number) => ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi'].map((s, k) => ((n >> k) & 1 ? s : '')).join('') || 'ab';
    const people = Array.from({ length: 400 }, (_, i) =>
      rec(String(i), {
        first: `X${word(i % 50)}`,
        last: `Y${word(Math.floor(i / 3))}`,
        birth: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
      }),
    );
    const { pairs } = candidatePairs(people);
    expect(pairs.length).toBeLessThan((400 * 399) / 2 / 20);
  });

  it('reuses prebuilt blocks only over the very records they were built from', () => {
    const people = Array.from({ length: 60 }, (_, i) => rec(String(i), { first: `Ann${i % 7}`, last: `Lee${i % 5}`, birth: `19${60 + (i % 9)}-05-1${i % 3}` }));
    const all = (options = {}) => {
      const out: string[] = [];
      const stats = forEachCandidatePair(people, (a, b, rule) => out.push(`${a}-${b}-${rule}`), options);
      return { out, stats };
    };
    const plain = all();
    expect(plain.out.length).toBeGreaterThan(0);
    expect(all({ index: blockIndex(people) })).toEqual(plain);
    // Built over other records (or another order): ignored, the blocks are built again.
    expect(all({ index: blockIndex([...people].reverse()) })).toEqual(plain);
    expect(all({ index: blockIndex(people.slice(1)) })).toEqual(plain);
  });
});
