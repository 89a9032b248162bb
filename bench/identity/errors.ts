// Where the errors are, on a generated population with truth: false negatives by stage (never a candidate,
// scored below the review threshold, left apart in the band, refused above the match threshold) and false
// positives by how the two records compare, each with the corruption tags and comparison levels behind them.
//   node --max-old-space-size=3000 dist/bench/identity/errors.js [records=215000] [hard|easy] [seed=1] [top=12] [shape regex]
import { performance } from 'node:perf_hooks';
import { blockingKeys, forEachCandidatePair } from '../../src/identity/engine/blocking';
import { compareInto } from '../../src/identity/engine/comparisons';
import { compileModel } from '../../src/identity/engine/compiled-model';
import { ATTRIBUTES, LEVELS } from '../../src/identity/engine/levels';
import { toMatchRecord, type MatchRecord } from '../../src/identity/engine/match-record';
import { probabilityOf, weighLevels } from '../../src/identity/engine/score';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { deterministicRule } from '../../src/identity/resolution/deterministic-rule';
import { modelFor } from '../../src/identity/resolution/estimate';
import { resolveRegion } from '../../src/identity/resolution/resolve-region';
import { generatePopulation, type Corruption, type Difficulty } from './population/generate';
import { pairwiseMetrics } from './population/truth';

const SHORT: Record<string, string> = { first_name: 'fn', last_name: 'ln', birth_date: 'dob', email: 'em', phone: 'ph', address: 'ad', identifier: 'id' };

class Tally {
  private readonly counts = new Map<string, { n: number; p: number }>();
  total = 0;
  add(key: string, p: number): void {
    const t = this.counts.get(key) ?? { n: 0, p: 0 };
    t.n++;
    t.p += p;
    this.counts.set(key, t);
    this.total++;
  }
  print(title: string, top: number): void {
    console.log(`${title}: ${this.total}`);
    for (const [key, t] of [...this.counts].sort((x, y) => y[1].n - x[1].n).slice(0, top)) {
      console.log(`  ${String(t.n).padStart(7)} ${((100 * t.n) / Math.max(this.total, 1)).toFixed(1).padStart(5)}%  mean p ${(t.p / t.n).toFixed(3)}  ${key}`);
    }
  }
}

function main(): void {
  const size = Number(process.argv[2] ?? 215_000);
  const difficulty = (process.argv[3] ?? 'hard') as Difficulty;
  const seed = Number(process.argv[4] ?? 1);
  const top = Number(process.argv[5] ?? 12);
  const shapes = process.argv[6] ? new RegExp(process.argv[6]) : undefined;
  const config = DEFAULT_IDENTITY_CONFIG;
  const started = performance.now();
  const truth: string[] = [];
  const tags: (readonly Corruption[])[] = [];
  const records: MatchRecord[] = [];
  for (const r of generatePopulation({ records: size, seed, difficulty })) {
    truth.push(r.truth);
    tags.push(r.corruptions);
    records.push(toMatchRecord(String(records.length + 1), r.source, r.person, { defaultRegion: 'US', junk: config.junk }));
  }
  const model = modelFor('estimate', records, config.maxBlockSize);
  const result = resolveRegion(records, model, [], config);
  const clusterOf = new Int32Array(records.length);
  result.clusters.forEach((ids, k) => ids.forEach((id) => (clusterOf[Number(id) - 1] = k)));
  const m = pairwiseMetrics(
    new Map(records.map((r, i) => [r.id, String(clusterOf[i])])),
    new Map(records.map((r, i) => [r.id, truth[i]!])),
  );
  console.log(`${size} records (${difficulty}, seed ${seed}): precision ${m.precision.toFixed(4)} recall ${m.recall.toFixed(4)} F1 ${m.f1.toFixed(4)}; ` +
    `${m.truePairs} true pairs, ${m.predictedPairs} predicted, prior ${model.prior.toExponential(3)}, ${result.stats.pairs} candidates ` +
    `(${((performance.now() - started) / 1000).toFixed(0)} s)`);

  for (const attr of ATTRIBUTES) {
    const levels = model.attributes[attr]!.levels.slice(0, -1);
    console.log(`  ${attr.padEnd(11)} ${levels.map((l) => `${l.name} ${Math.log2(l.m / l.u).toFixed(1)}`).join(', ')}`);
  }

  const compiled = compileModel(model);
  const levels = new Int8Array(ATTRIBUTES.length);

  const describe = (a: number, b: number) => {
    const swapped = compareInto(records[a]!, records[b]!, levels);
    const weight = weighLevels(records[a]!, records[b]!, levels, swapped, compiled);
    const det = deterministicRule(records[a]!, records[b]!, levels, swapped, config.deterministicRules);
    const p = det ? Math.max(probabilityOf(weight), config.matchThreshold) : probabilityOf(weight);
    const shape = ATTRIBUTES.map((attr, i) => (levels[i] === LEVELS[attr].length - 1 ? '' : `${SHORT[attr]}:${LEVELS[attr][levels[i]!]}`)).filter(Boolean).join(' ');
    return { p, shape, det };
  };
  // Candidate pairs that are true pairs (blocking recall), keyed a·n+b; and calibration: per comparison
  // shape and per probability band, the model's mean probability against the share of true pairs.
  const n = records.length;
  const candidates = new Set<number>();
  const byShape = new Map<string, { n: number; p: number; t: number }>();
  const byBand = Array.from({ length: 10 }, () => ({ n: 0, p: 0, t: 0 }));
  forEachCandidatePair(records, (a, b) => {
    const same = truth[a] === truth[b];
    if (same) candidates.add(a * n + b);
    const { p, shape } = describe(a, b);
    const c = byShape.get(shape) ?? byShape.set(shape, { n: 0, p: 0, t: 0 }).get(shape)!;
    const d = byBand[Math.min(9, Math.floor(p * 10))]!;
    for (const x of [c, d]) {
      x.n++;
      x.p += p;
      if (same) x.t++;
    }
  }, { maxBlockSize: config.maxBlockSize });
  console.log('calibration by probability band: pairs, mean p, share true');
  byBand.forEach((x, i) => x.n && console.log(`  ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)} ${String(x.n).padStart(9)}  ${(x.p / x.n).toFixed(3)}  ${(x.t / x.n).toFixed(3)}`));
  console.log('calibration of the commonest shapes with a mean p of 0.1 or more: pairs, mean p, share true');
  for (const [shape, x] of [...byShape].filter(([, x]) => x.p / x.n >= 0.1).sort((u, v) => v[1].n - u[1].n).slice(0, top * 2)) {
    console.log(`  ${String(x.n).padStart(8)}  ${(x.p / x.n).toFixed(3)}  ${(x.t / x.n).toFixed(3)}  ${shape}`);
  }
  if (shapes) {
    console.log(`calibration of the shapes matching ${shapes}: pairs, mean p, share true`);
    for (const [shape, x] of [...byShape].filter(([k]) => shapes.test(k)).sort((u, v) => v[1].n - u[1].n).slice(0, top * 2)) {
      console.log(`  ${String(x.n).padStart(8)}  ${(x.p / x.n).toFixed(3)}  ${(x.t / x.n).toFixed(3)}  ${shape}`);
    }
  }
  const tagsOf = (a: number, b: number) => [...new Set([...tags[a]!, ...tags[b]!])].sort().join(',') || 'clean';

  // Block sizes, to say why a true pair was never a candidate (no shared key, or only oversized ones).
  const blockSize = new Map<string, number>();
  for (const r of records) for (const k of new Set(blockingKeys(r))) blockSize.set(k, (blockSize.get(k) ?? 0) + 1);
  const whyUnblocked = (a: number, b: number) => {
    const kb = new Set(blockingKeys(records[b]!));
    const shared = [...new Set(blockingKeys(records[a]!))].filter((k) => kb.has(k));
    if (shared.length === 0) return 'no shared key';
    return 'only oversized: ' + [...new Set(shared.map((k) => k.slice(0, k.indexOf(':'))))].sort().join('+');
  };
  const unblockedWhy = new Tally();
  const refusedWhy = new Tally();
  const linkRule = new Map(result.links.toArray().map((l) => [`${l.a}|${l.b}`, `${l.decision}: ${l.rule}`]));
  const examples: string[] = [];
  const show = (a: number, b: number, p: number, label: string) => {
    if (examples.filter((e) => e.startsWith(label)).length >= 4) return;
    const brief = (r: MatchRecord) => `${r.source}:${r.firstName ?? '-'} ${r.lastName ?? '-'} ${r.birthKey || r.birth?.year || '-'} ${r.emails.join(',') || '-'} ${r.phones.join(',') || '-'} ${r.postcode ?? '-'}`;
    examples.push(`${label} p=${p.toFixed(3)}  ${brief(records[a]!)}  ||  ${brief(records[b]!)}`);
  };

  // False negatives: every true pair apart.
  const byTruth = new Map<string, number[]>();
  truth.forEach((t, i) => (byTruth.get(t) ?? byTruth.set(t, []).get(t)!).push(i));
  const stages = new Tally();
  const unblocked = new Tally();
  const low = new Tally();
  const band = new Tally();
  const refused = new Tally();
  for (const members of byTruth.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = members[x]!;
        const b = members[y]!;
        if (clusterOf[a] === clusterOf[b]) continue;
        const { p, shape } = describe(a, b);
        if (!candidates.has(a * n + b)) {
          stages.add('not a candidate', p);
          unblocked.add(`${shape} | ${tagsOf(a, b)}`, p);
          unblockedWhy.add(whyUnblocked(a, b), p);
          show(a, b, p, 'FN unblocked');
        } else if (p < config.reviewThreshold) {
          stages.add('below review threshold', p);
          low.add(`${shape} | ${tagsOf(a, b)}`, p);
          show(a, b, p, 'FN low');
        } else if (p < config.matchThreshold) {
          stages.add('review band, left apart', p);
          band.add(shape, p);
          show(a, b, p, 'FN band');
        } else {
          stages.add('match or rule, refused', p);
          refused.add(shape, p);
          refusedWhy.add((linkRule.get(`${records[a]!.id}|${records[b]!.id}`) ?? 'no stored pair').replace(/ between records \d+ and \d+/, '').replace(/mean -?[\d.]+ bits over \d+ pairs/, 'mean … bits'), p);
          show(a, b, p, 'FN refused');
        }
      }
    }
  }
  stages.print('false negative pairs', top);
  unblocked.print('\nnot a candidate (levels | tags)', top);
  unblockedWhy.print('\nnot a candidate, why', top);
  low.print('\nbelow review (levels | tags)', top);
  band.print('\nreview band, apart (levels)', top);
  refused.print('\nabove match, refused (levels)', top);
  refusedWhy.print('\nabove match, refused (stored outcome of the pair)', top);

  // False positives: pairs of different people in one predicted cluster.
  const fp = new Tally();
  const fpWhy = new Tally();
  const fpSizes = new Tally();
  const tpBand = new Tally();
  const members = new Map<number, number[]>();
  clusterOf.forEach((k, i) => (members.get(k) ?? members.set(k, []).get(k)!).push(i));
  for (const list of members.values()) {
    if (list.length < 2) continue;
    let wrong = 0;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = list[x]!;
        const b = list[y]!;
        if (truth[a] === truth[b]) {
          const { p, shape, det } = describe(a, b);
          if (!det && p >= config.reviewThreshold && p < config.matchThreshold) tpBand.add(shape, p);
          continue;
        }
        wrong++;
        const { p, shape, det } = describe(a, b);
        fp.add(shape, p);
        show(a, b, p, det ? 'FP rule' : p >= config.matchThreshold ? 'FP match' : p >= config.reviewThreshold ? 'FP band' : 'FP transitive');
        fpWhy.add(det ? `rule ${det}` : p >= config.matchThreshold ? 'pair above match' : p >= config.reviewThreshold ? 'pair in band' : 'only through others (transitive)', p);
      }
    }
    if (wrong > 0) fpSizes.add(`cluster of ${list.length}`, 0);
  }
  fpWhy.print('\nfalse positive pairs, by how the pair itself scores', top);
  fp.print('\nfalse positive pairs (levels)', top);
  fpSizes.print('\nclusters holding false positives, by size', top);
  tpBand.print('\ntrue pairs together that score in the band (levels)', top);
  console.log('\nexamples:');
  for (const e of examples) console.log(`  ${e}`);
}

if (require.main === module) main();
