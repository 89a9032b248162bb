import {
  BLOCKING_RULES,
  blockIndex,
  blockingKeys,
  blockLimit,
  candidatePairs,
  forEachCandidatePair,
  surnamePrefix,
  surnameSuffix,
} from '../../../../src/identity/engine/blocking';
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
        'email_name+f3:bobsmith|rob',
        'last+initial:smith|r',
        'postcode+house:LS14AB|12',
        'i+pre3+by:r|smi|1980',
        'i+suf3+by:r|ith|1980',
        'p3f+i+by:rob|s|1980',
        'sw3+by:rob|smi|1980',
        'swap:R163|S530',
      ]),
    );
    const rules = new Set(keys.map((k) => k.slice(0, k.indexOf(':'))));
    expect([...rules].sort()).toEqual(BLOCKING_RULES.map((r) => r.name).sort());
  });

  it.each([
    ['a transposed birth date', { first: 'Ann', last: 'Lee', birth: '1980-05-07' }, { first: 'Ann', last: 'Lee', birth: '1980-07-05' }, 'i+pre3+by:'],
    ['swapped names', { first: 'Ann', last: 'Lee' }, { first: 'Lee', last: 'Ann' }, 'swap:'],
    ['a nickname at one address', { first: 'Bob', last: 'Ng', address: HOME }, { first: 'Robert', last: 'Xu', address: HOME }, 'postcode+house:'],
    ['a typo in the birth year', { first: 'Ann', last: 'Lee', birth: '1980-05-07' }, { first: 'Ann', last: 'Lee', birth: '1981-05-07' }, 'last+initial:'],
    ['a typo late in the surname, one record known by its birth year', { first: 'Jacob', last: 'Hughes', birth: '1948-10-18' }, { first: 'Jacob', last: 'Hughe', birth: '1948' }, 'i+pre3+by:'],
    ['a typo early in the surname and a nickname', { first: 'Scott', last: 'Munersoglu', birth: '1990-07-02' }, { first: 'Scot', last: 'Mnersoglu', birth: '1990-07-02' }, 'i+suf3+by:'],
    ['a typo in a short surname', { first: 'David', last: 'Gray', birth: '1939-06-24' }, { first: 'Dave', last: 'Gtay', birth: '1939' }, 'p3f+i+by:'],
    ['swapped names and a birth year', { first: 'James', last: 'Williams', birth: '1941-10-20' }, { first: 'Williams', last: 'James', birth: '1941-10-20' }, 'sw3+by:'],
    ['an address spelling the name', { first: 'Linda', emails: ['lford99@gmail.com'] }, { first: 'Linda', last: 'Ford' }, 'email_name:'],
    ['a household address', { first: 'Steve', emails: ['thewalkers@gmx.de'] }, { first: 'Steven', last: 'Walker' }, 'last+initial:'],
  ])('puts records with %s in a shared block', (_, a, b, rule) => {
    const shared = blockingKeys(rec('a', a)).filter((k) => blockingKeys(rec('b', b)).includes(k));
    expect(shared.some((k) => k.startsWith(rule))).toBe(true);
  });

  it('takes three letters from each end of the surname, the suffix only when it differs from the prefix', () => {
    expect([surnamePrefix("o'brien"), surnameSuffix("o'brien")]).toEqual(['obr', 'ien']);
    expect([surnamePrefix('ng'), surnameSuffix('ng')]).toEqual(['ng', 'ng']);
    expect(blockingKeys(rec('a', { first: 'Ann', last: 'Lee', birth: '1980-05-07' })).some((k) => k.startsWith('i+suf3+by:'))).toBe(false);
    expect(blockingKeys(rec('a', { first: 'Ann', last: 'Leek', birth: '1980-05-07' }))).toContain('i+suf3+by:a|eek|1980');
  });

  it('has no key made of a birth date, initials or a year alone: such blocks grow with the population', () => {
    // Same birth date, same initials and year, nothing else in common: not candidates.
    const a = rec('a', { first: 'Anna', last: 'Berg', birth: '1980-05-07', address: HOME });
    const b = rec('b', { first: 'Alice', last: 'Brown', birth: '1980-05-07' });
    expect(candidatePairs([a, b]).pairs).toEqual([]);
    // Every name-and-year key holds at least three letters of a name.
    for (const key of blockingKeys(a).filter((k) => k.includes('+by:'))) {
      expect(key.slice(key.indexOf(':') + 1).split('|').some((part) => /^[a-z]{3,}$/.test(part))).toBe(true);
    }
  });

  it('keeps records without a birth year out of the name-and-year keys', () => {
    expect(blockingKeys(rec('a', { first: 'Ann', last: 'Lee', birth: '05/07' })).some((k) => k.includes('+by:'))).toBe(false);
    expect(blockingKeys(rec('a', { first: 'Ann', last: 'Lee' })).some((k) => k.includes('+by:'))).toBe(false);
  });
});

describe('email_name split by first name', () => {
  it('still pairs an address spelling a common name with its namesakes of the same first name when the plain block is over its limit', () => {
    const people = [
      ...Array.from({ length: 30 }, (_, i) => rec(`john${i}`, { first: 'John', last: 'Smith', birth: `19${50 + i}-03-04` })),
      ...Array.from({ length: 30 }, (_, i) => rec(`jane${i}`, { first: 'Jane', last: 'Smith', birth: `19${50 + i}-03-04` })),
      rec('marketing', { first: 'Johnny', emails: ['jsmith@mail.com'] }),
    ];
    const marketing = people.length - 1;
    const seen: string[] = [];
    forEachCandidatePair(people, (a, b, rule) => {
      if (b === marketing) seen.push(`${people[a]!.id}:${BLOCKING_RULES[rule]!.name}`);
    });
    // email_name:jsmith holds 61 records (over 50): only the split key, jsmith|joh, pairs the marketing record.
    expect(seen).toHaveLength(30);
    expect(seen.every((s) => s.startsWith('john') && s.endsWith(':email_name+f3'))).toBe(true);
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
    // Exclusions are part of the blocks: an index is reused only with the same exclusions.
    const family = Array.from({ length: 4 }, (_, i) => rec(String(i), { first: `P${'abcd'[i]}`, emails: ['shared@family.org'] }));
    const excluded = new Set(blockingKeys(family[0]!)); // every key the family shares
    const walk = (options = {}) => candidatePairs(family, options).pairs;
    expect(walk()).toHaveLength(6);
    expect(walk({ excludedKeys: excluded })).toEqual([]);
    expect(walk({ index: blockIndex(family, BLOCKING_RULES, excluded), excludedKeys: excluded })).toEqual([]);
    expect(walk({ index: blockIndex(family), excludedKeys: excluded })).toEqual([]);
    expect(walk({ index: blockIndex(family, BLOCKING_RULES, excluded) })).toHaveLength(6);
  });

  it('visits, within groups, exactly the pairs of the whole walk whose two records share a group, in its order', () => {
    const people = Array.from({ length: 60 }, (_, i) => rec(String(i), { first: `Ann${i % 7}`, last: `Lee${i % 5}`, birth: `19${60 + (i % 9)}-05-1${i % 3}` }));
    const groups = Int32Array.from(people, (_, i) => (i % 4 === 3 ? -1 : i % 3));
    const whole: string[] = [];
    forEachCandidatePair(people, (a, b, rule) => whole.push(`${a}-${b}-${rule}`));
    const inside: string[] = [];
    const stats = forEachCandidatePair(people, (a, b, rule) => inside.push(`${a}-${b}-${rule}`), { within: groups });
    const expected = whole.filter((p) => {
      const [a, b] = p.split('-').map(Number) as [number, number];
      return groups[a]! >= 0 && groups[a] === groups[b];
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(whole.length);
    expect(inside).toEqual(expected);
    expect(stats.pairs).toBe(expected.length);
  });

  /** What blocking means, written the plain way: keys in a map, pairs credited to the first rule's block holding both. */
  function referencePairs(people: ReturnType<typeof rec>[], maxBlockSize: number, excluded: ReadonlySet<string>): string[] {
    const blocks = new Map<string, Set<number>>();
    people.forEach((r, i) => {
      for (const key of blockingKeys(r)) (blocks.get(key) ?? blocks.set(key, new Set()).get(key)!).add(i);
    });
    const ruleOf = (key: string) => BLOCKING_RULES.findIndex((r) => key.startsWith(`${r.name}:`) && !BLOCKING_RULES.some((o) => o.name.length > r.name.length && key.startsWith(`${o.name}:`)));
    const first = new Map<string, number>();
    for (const [key, members] of blocks) {
      if (members.size < 2 || members.size > blockLimit(key, maxBlockSize) || excluded.has(key)) continue;
      const list = [...members].sort((a, b) => a - b);
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const pair = `${list[x]}-${list[y]}`;
          first.set(pair, Math.min(first.get(pair) ?? Infinity, ruleOf(key)));
        }
      }
    }
    return [...first].map(([pair, rule]) => `${pair}-${rule}`).sort();
  }

  it('gives exactly the pairs of the plain reference: block limits, excluded keys, one record holding a key twice', () => {
    const people = Array.from({ length: 90 }, (_, i) =>
      rec(String(i), {
        first: ['Ann', 'Anne', 'Bob', 'Robert', 'Cy'][i % 5]!,
        last: ['Lee', 'Leigh', 'Smith', 'Smyth'][i % 4]!,
        birth: `19${60 + (i % 6)}-0${1 + (i % 3)}-1${i % 4}`,
        emails: i % 3 === 0 ? [`ann.lee${i % 8}@x.org`, `annlee${i % 8}@x.org`] : [],
        phones: i % 4 === 0 ? [`0113 496 00${10 + (i % 6)}`, `0113 496 00${10 + (i % 6)}`] : [],
      }),
    );
    const excluded = new Set([blockingKeys(people[0]!)[0]!, blockingKeys(people[7]!).at(-1)!, 'phone:+441134960011']);
    for (const [max, skip] of [[500, new Set<string>()], [6, new Set<string>()], [500, excluded], [4, excluded]] as const) {
      const seen: string[] = [];
      forEachCandidatePair(people, (a, b, rule) => seen.push(`${a}-${b}-${rule}`), { maxBlockSize: max, excludedKeys: skip });
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(referencePairs(people, max, skip));
    }
  });

  it('keeps no block of fewer than two records (half of all keys), also when one record holds a key twice', () => {
    const people = [
      rec('0', { first: 'Ann', last: 'Lee', phones: ['0113 496 0001'] }),
      rec('1', { first: 'Ann', last: 'Lee' }),
      // both addresses spell the name: `email_name:zedquorn` twice among this record's keys
      rec('2', { first: 'Zed', last: 'Quorn', emails: ['zed.quorn@x.org', 'zedquorn@y.org'] }),
    ];
    const keys = blockingKeys(people[2]!);
    expect(keys.filter((k) => k === 'email_name:zedquorn')).toHaveLength(2);
    const { blocks } = blockIndex(people);
    expect(blocks.rule.length).toBeGreaterThan(0);
    for (let id = 0; id < blocks.rule.length; id++) {
      const members = [...blocks.members.subarray(blocks.start[id]!, blocks.start[id + 1]!)];
      expect(new Set(members).size).toBe(members.length);
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members).not.toContain(2);
    }
  });
});
