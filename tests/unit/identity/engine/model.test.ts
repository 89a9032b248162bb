import { candidatePairs } from '../../../../src/identity/engine/blocking';
import { runEm } from '../../../../src/identity/engine/em';
import { correctU } from '../../../../src/identity/engine/estimate-u';
import { generatePopulation } from '../../../../bench/identity/population/generate';
import { namesakeEmailU } from '../../../../src/identity/engine/estimate-model';
import { toMatchRecord } from '../../../../src/identity/engine/match-record';
import { ATTRIBUTES, BIRTH, BIRTH_DATE, EMAIL, EMAIL_LEVEL, FIRST_NAME, LAST_NAME, LEVELS, NAME } from '../../../../src/identity/engine/levels';
import { defaultModel, estimateModel, termFrequencies } from '../../../../src/identity/engine/model';
import { seededRandom } from '../../../../src/identity/engine/random';
import { chanceAgreement } from '../../../../src/identity/engine/term-frequencies';
import { population } from './population';
import { rec } from './fixtures';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('defaultModel', () => {
  const model = defaultModel();

  it.each(ATTRIBUTES.map((a) => [a]))('%s: every level, m and u each summing to 1, missing weighing 0', (attribute) => {
    const levels = model.attributes[attribute]!.levels;
    expect(levels.map((l) => l.name)).toEqual(LEVELS[attribute]);
    const known = levels.slice(0, -1);
    expect(sum(known.map((l) => l.m))).toBeCloseTo(1, 6);
    expect(sum(known.map((l) => l.u))).toBeCloseTo(1, 6);
    expect(levels.at(-1)).toEqual({ name: 'missing', m: 1, u: 1 });
  });

  it('orders evidence sensibly: agreement positive, disagreement negative', () => {
    const w = (a: string, level: string) => {
      const l = model.attributes[a]!.levels.find((x) => x.name === level)!;
      return Math.log2(l.m / l.u);
    };
    expect(w('email', 'exact')).toBeGreaterThan(15);
    expect(w('identifier', 'exact')).toBeGreaterThan(15);
    expect(w('birth_date', 'exact')).toBeGreaterThan(w('birth_date', 'one_digit_edit'));
    expect(w('first_name', 'exact')).toBeGreaterThan(w('first_name', 'initial'));
    expect(w('first_name', 'else')).toBeLessThan(-4);
    expect(w('identifier', 'conflict')).toBeLessThan(-4);
  });
});

describe('termFrequencies', () => {
  it('counts records per value for names, birth dates, cities and postcodes', () => {
    const tf = termFrequencies([
      rec('a', { first: 'Ann', last: 'Smith', birth: '1980-05-17', address: { city: 'Leeds', postcode: 'LS1 1AA' } }),
      rec('b', { first: 'Bo', last: 'Smith', birth: '1980-01-01', address: { city: 'Leeds' } }),
      rec('c', { first: 'Ann', last: 'Zbigniewska' }),
    ]);
    expect(tf.last_name).toEqual({ total: 3, counts: { smith: 2, zbigniewska: 1 } });
    expect(tf.first_name).toEqual({ total: 3, counts: { ann: 2, bo: 1 } });
    expect(tf.birth_date).toEqual({ total: 1, counts: { '1980-05-17': 1 } }); // 1 January is no date to weigh
    expect(tf.city).toEqual({ total: 2, counts: { leeds: 2 } });
    expect(tf.postcode).toEqual({ total: 1, counts: { LS11AA: 1 } });
  });

  it.each([
    [[2, 2], (2 * 1 + 2 * 1) / (4 * 3)],
    [[1, 1, 1], 0],
    [[5], 1],
  ])('chance agreement of counts %j = %d', (counts, expected) => {
    expect(chanceAgreement(counts)).toBeCloseTo(expected, 12);
  });
});

describe('runEm', () => {
  // Three attributes with known m and u; rows drawn from the mixture.
  const m = [
    [0.8, 0.15, 0.05],
    [0.7, 0.2, 0.1],
    [0.9, 0.05, 0.05],
  ];
  const u = [
    [0.01, 0.09, 0.9],
    [0.05, 0.15, 0.8],
    [0.002, 0.018, 0.98],
  ];
  const lambda = 0.3;

  function draw(p: number[], r: number): number {
    let acc = 0;
    for (let l = 0; l < p.length; l++) if (r < (acc += p[l]!)) return l;
    return p.length - 1;
  }

  function sample(rows: number, seed: number): Int8Array {
    const random = seededRandom(seed);
    const out = new Int8Array(rows * 3);
    for (let i = 0; i < rows; i++) {
      const table = random() < lambda ? m : u;
      for (let a = 0; a < 3; a++) out[i * 3 + a] = draw(table[a]!, random());
    }
    return out;
  }

  it('recovers m and λ from unlabelled comparison vectors, given u', () => {
    const withMissing = (p: number[][]) => p.map((x) => Float64Array.from([...x, 1]));
    const result = runEm({
      levels: sample(40_000, 7),
      attributes: 3,
      levelCounts: [4, 4, 4],
      u: withMissing(u),
      m: withMissing([
        [0.4, 0.3, 0.3],
        [0.4, 0.3, 0.3],
        [0.4, 0.3, 0.3],
      ]),
      lambda: 0.5,
      // Attribute indexes 0–2 are first_name, last_name, birth_date: no level here is
      // "else" (level index 7/8), so the family rule stays out of the way.
      included: [true, true, true],
      maxIterations: 200,
      tolerance: 1e-6,
    });
    expect(result.lambda).toBeCloseTo(lambda, 1);
    m.forEach((ma, a) => ma.forEach((v, l) => expect(Math.abs(result.m[a]![l]! - v)).toBeLessThan(0.02)));
  });

  it('leaves attributes that are not included untouched', () => {
    const start = [Float64Array.from([0.5, 0.5, 0, 1]), Float64Array.from([0.1, 0.2, 0.7, 1]), Float64Array.from([0.2, 0.2, 0.6, 1])];
    const result = runEm({
      levels: sample(2000, 3),
      attributes: 3,
      levelCounts: [4, 4, 4],
      u: u.map((x) => Float64Array.from([...x, 1])),
      m: start,
      lambda: 0.5,
      included: [false, true, true],
    });
    expect(Array.from(result.m[0]!)).toEqual(Array.from(start[0]!));
  });
});

describe('correctU', () => {
  it('removes the same-person share λ·m that random pairs contain, floored and renormalised', () => {
    const base = defaultModel();
    const arrays = (key: 'm' | 'u') => ATTRIBUTES.map((a) => Float64Array.from(base.attributes[a]!.levels.map((l) => l[key])));
    const u = arrays('u');
    const m = arrays('m');
    const email = ATTRIBUTES.indexOf('email');
    const first = ATTRIBUTES.indexOf('first_name');
    u[email] = Float64Array.from([2e-4, 1e-5, 1e-5, 1e-5, 1e-5, 1 - 2.4e-4, 1]);
    const corrected = correctU(u, m, 2e-4, 1e-6);
    // An email shared by random records is mostly one person's duplicate.
    expect(corrected[email]![0]).toBeLessThan(1e-4);
    expect(corrected[email]![0]).toBeGreaterThan(0);
    expect(sum(Array.from(corrected[email]!.slice(0, -1)))).toBeCloseTo(1, 9);
    expect(corrected[email]!.at(-1)).toBe(1);
    // Name exact levels come from value frequencies and are left alone.
    expect(corrected[first]![0]).toBe(u[first]![0]);
  });
});

describe('namesakeEmailU', () => {
  const A = ATTRIBUTES.length;
  /** Rows of [first, last, birth, email] levels, the other attributes missing. */
  function rows(specs: [number, number, number, number, number][]): { levels: Int8Array; count: number } {
    const all = specs.flatMap(([first, last, birth, email, times]) => Array.from({ length: times }, () => [first, last, birth, email] as const));
    const levels = new Int8Array(all.length * A);
    all.forEach(([first, last, birth, email], row) => {
      ATTRIBUTES.forEach((attr, a) => (levels[row * A + a] = LEVELS[attr].length - 1));
      levels[row * A + FIRST_NAME] = first;
      levels[row * A + LAST_NAME] = last;
      levels[row * A + BIRTH_DATE] = birth;
      levels[row * A + EMAIL] = email;
    });
    return { levels, count: all.length };
  }
  const u = () => ATTRIBUTES.map((a) => Float64Array.from(defaultModel().attributes[a]!.levels.map((l) => l.u)));

  it('splits u of same_local_letters and else by their shares among namesakes with different birth dates', () => {
    const { levels, count } = rows([
      [NAME.exact, 0, BIRTH.sameYear, EMAIL_LEVEL.sameLetters, 30],
      [NAME.nickname, 0, BIRTH.else, EMAIL_LEVEL.else, 70],
      // Not namesakes, or not different people, or other email levels: ignored.
      [NAME.else, 0, BIRTH.sameYear, EMAIL_LEVEL.sameLetters, 500],
      [NAME.exact, 0, BIRTH.exact, EMAIL_LEVEL.sameLetters, 500],
      [NAME.exact, 6, BIRTH.sameYear, EMAIL_LEVEL.sameLetters, 500],
      [NAME.exact, 0, BIRTH.sameYear, EMAIL_LEVEL.nameInLocal, 500],
    ]);
    const before = u();
    const after = namesakeEmailU(levels, count, before);
    const both = before[EMAIL]![EMAIL_LEVEL.sameLetters]! + before[EMAIL]![EMAIL_LEVEL.else]!;
    expect(after[EMAIL]![EMAIL_LEVEL.sameLetters]).toBeCloseTo(0.3 * both, 12);
    expect(after[EMAIL]![EMAIL_LEVEL.else]).toBeCloseTo(0.7 * both, 12);
    expect(after[EMAIL]![EMAIL_LEVEL.exact]).toBe(before[EMAIL]![EMAIL_LEVEL.exact]);
    expect(after[FIRST_NAME]).toEqual(before[FIRST_NAME]);
    // The input is not changed.
    expect(before[EMAIL]).toEqual(u()[EMAIL]);
  });

  it('keeps the default share when too few namesakes say anything', () => {
    const { levels, count } = rows([[NAME.exact, 0, BIRTH.sameYear, EMAIL_LEVEL.sameLetters, 40]]);
    const after = namesakeEmailU(levels, count, u());
    const share = after[EMAIL]![EMAIL_LEVEL.sameLetters]! / (after[EMAIL]![EMAIL_LEVEL.sameLetters]! + after[EMAIL]![EMAIL_LEVEL.else]!);
    expect(share).toBeCloseTo(0.25, 3);
  });

  it('weighs shared letters below an exact address and above different letters where people keep their handle', () => {
    // The bench generator's people keep their address's letters at a new provider half the time.
    const records = [...generatePopulation({ records: 4000, seed: 3, difficulty: 'hard' })].map((r, i) =>
      toMatchRecord(String(i + 1), r.source, r.person, { defaultRegion: 'US' }),
    );
    const model = estimateModel(records, candidatePairs(records).pairs);
    const w = model.attributes.email!.levels.map((l) => Math.log2(l.m / l.u));
    expect(w[EMAIL_LEVEL.sameLetters]).toBeLessThan(w[EMAIL_LEVEL.exact]!);
    expect(w[EMAIL_LEVEL.sameLetters]).toBeGreaterThan(w[EMAIL_LEVEL.else]!);
  });
});

describe('estimateModel', () => {
  const { records, truth } = population(600, 11);
  const { pairs } = candidatePairs(records);
  const model = estimateModel(records, pairs, { seed: 5, sampleSize: 20_000 });

  it('is deterministic given a seed', () => {
    expect(estimateModel(records, pairs, { seed: 5, sampleSize: 20_000 })).toEqual(model);
  });

  it('finds weights with the right signs and a prior near the true one', () => {
    const w = (a: string, level: string) => {
      const l = model.attributes[a]!.levels.find((x) => x.name === level)!;
      return Math.log2(l.m / l.u);
    };
    for (const a of ['first_name', 'last_name', 'birth_date', 'email', 'phone', 'identifier']) expect(w(a, 'exact')).toBeGreaterThan(3);
    expect(w('address', 'same_house')).toBeGreaterThan(3);
    for (const a of ['first_name', 'last_name', 'birth_date']) expect(w(a, 'else')).toBeLessThan(-3);
    const n = records.length;
    let same = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (truth[i] === truth[j]) same++;
    const trueLambda = same / ((n * (n - 1)) / 2);
    expect(model.prior).toBeGreaterThan(trueLambda / 3);
    expect(model.prior).toBeLessThan(trueLambda * 3);
  });

  it('carries term frequencies for scoring', () => {
    expect(model.tf.last_name!.total).toBeGreaterThan(0);
  });
});
