// End to end on small fixtures: block, estimate (no labels), score, cluster,
// and assert the decision for the cases that break naive linkers.
import { candidatePairs } from '../../../../src/identity/engine/blocking';
import { cluster, DEFAULT_CLUSTER_OPTIONS } from '../../../../src/identity/engine/cluster';
import type { MatchRecord } from '../../../../src/identity/engine/match-record';
import { estimateModel, type MatchModel } from '../../../../src/identity/engine/model';
import { score } from '../../../../src/identity/engine/score';
import { HOME, OTHER_HOME, rec } from './fixtures';
import { population } from './population';

function resolve(records: MatchRecord[], model?: MatchModel) {
  const { pairs } = candidatePairs(records);
  const m = model ?? estimateModel(records, pairs, { seed: 1, sampleSize: 20_000 });
  const scored = pairs.map(([a, b]) => ({ a, b, score: score(records[a]!, records[b]!, m) }));
  const { clusters } = cluster(records.length, scored, DEFAULT_CLUSTER_OPTIONS);
  const clusterOf = new Map<string, number>();
  clusters.forEach((c, k) => c.forEach((i) => clusterOf.set(records[i]!.id, k)));
  return { clusters, model: m, together: (x: string, y: string) => clusterOf.get(x) === clusterOf.get(y) };
}

const family = { last: 'Fairweather', address: HOME, phones: ['0113 496 0777'], emails: ['thefairweathers@mail.co'] };

const CASES: { name: string; a: Parameters<typeof rec>[1]; b: Parameters<typeof rec>[1]; same: boolean }[] = [
  {
    name: 'twins: same surname, birth date, address, landline and family email',
    a: { ...family, first: 'Olivia', birth: '2004-03-09' },
    b: { ...family, first: 'Emma', birth: '2004-03-09' },
    same: false,
  },
  {
    name: 'spouses sharing phone and email',
    a: { ...family, first: 'Harvey', birth: '1971-10-30' },
    b: { ...family, first: 'Isla', birth: '1973-06-02' },
    same: false,
  },
  {
    name: 'father and son of one name at one address',
    a: { ...family, first: 'Oscar', birth: '1950-02-03' },
    b: { ...family, first: 'Oscar', birth: '1979-11-23' },
    same: false,
  },
  {
    name: 'nickname plus typo',
    a: { first: 'Bobby', last: 'Thistlewood', birth: '1966-04-20', phones: ['020 7946 0101'] },
    b: { first: 'Robret', last: 'Thistlewood', birth: '1966-04-20', address: OTHER_HOME },
    same: true,
  },
  {
    name: 'first and last name swapped, new email',
    a: { first: 'Abernathy', last: 'Grace', birth: '1990-12-01', emails: ['grace.a@mail.co'] },
    b: { first: 'Grace', last: 'Abernathy', birth: '1990-12-01', emails: ['ga1990@other.org'] },
    same: true,
  },
  {
    name: 'transposed birth date after a move',
    a: { first: 'Ann', last: 'Okonkwo', birth: '1985-05-07', phones: ['020 7946 0202'], address: HOME },
    b: { first: 'Ann', last: 'Okonkwo', birth: '1985-07-05', phones: ['020 7946 0202'], address: OTHER_HOME },
    same: true,
  },
  {
    name: 'a marketing record: first name and an address spelling the surname',
    a: { first: 'Linda', emails: ['lvanderbilt77@gmail.com'] },
    b: { first: 'Linda', last: 'Vanderbilt', birth: '1977-08-14', phones: ['020 7946 0303'], address: OTHER_HOME },
    same: true,
  },
  {
    name: 'a mistyped customer number',
    a: { first: 'Noah', last: 'Quintanilla', birth: '1999-01-13', ids: { customer_number: 'CN-4471234' } },
    b: { first: 'Noah', last: 'Quintanilla', birth: '1999-01-13', ids: { customer_number: 'CN-4471284' } },
    same: true,
  },
  {
    name: 'namesakes born the same year in other cities',
    a: { first: 'James', last: 'Brown', birth: '1980-03-04', address: HOME },
    b: { first: 'James', last: 'Brown', birth: '1980-09-12', address: OTHER_HOME },
    same: false,
  },
];

describe('hard cases, decided end to end', () => {
  const background = population(500, 21).records;
  const fixtures = CASES.flatMap((c, i) => [rec(`case${i}a`, c.a), rec(`case${i}b`, c.b, 'support')]);
  const world = resolve([...background, ...fixtures]);

  it.each(CASES.map((c, i) => [c.name, c.same, i] as const))('%s → same person: %j', (_, same, i) => {
    expect(world.together(`case${i}a`, `case${i}b`)).toBe(same);
  });
});

describe('quality on a synthetic population', () => {
  it('reaches a high pairwise F1 without labels', () => {
    const { records, truth } = population(800, 4);
    const { clusters } = resolve(records);
    let truePairs = 0;
    for (let i = 0; i < truth.length; i++) for (let j = i + 1; j < truth.length; j++) if (truth[i] === truth[j]) truePairs++;
    let predicted = 0;
    let correct = 0;
    for (const c of clusters) {
      for (let x = 0; x < c.length; x++) {
        for (let y = x + 1; y < c.length; y++) {
          predicted++;
          if (truth[c[x]!] === truth[c[y]!]) correct++;
        }
      }
    }
    const precision = correct / predicted;
    const recall = correct / truePairs;
    const f1 = (2 * precision * recall) / (precision + recall);
    // A regression guard on a deliberately thin population (measured ≈ 0.97); the real
    // measure is the bench generator.
    expect(f1).toBeGreaterThan(0.95);
    expect(precision).toBeGreaterThan(0.98);
  });
});
