// The pure resolution path (normalise, estimate, block, score, cluster) on a generated population with
// truth, in-process, no database: where time and memory go at 10^5 records, and the F1 it reaches.
//   node --max-old-space-size=3000 dist/bench/identity/resolve-scale.js [records=215000] [hard|easy] [seed=1]
//   node dist/bench/identity/resolve-scale.js postgres://…/db   the person records of an imported demo (no truth)
//   TESSERA_ENGINE_THREADS=2 …   blocks, scoring and the weak-pair walk on two threads (engine-thread.ts), as a
//                                full run of 50,000 records or more does; the digest must not change

import { Client } from 'pg';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { blockIndex } from '../../src/identity/engine/blocking';
import { toMatchRecord, type MatchRecord } from '../../src/identity/engine/match-record';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { modelFor } from '../../src/identity/resolution/estimate';
import { resolveRegion } from '../../src/identity/resolution/resolve-region';
import { EngineThread } from '../../src/identity/resolution/engine-thread';
import { generatePopulation, type Difficulty } from './population/generate';
import { Progress } from '../../src/shared/progress';
import { pairwiseMetrics } from './population/truth';

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
let peakHeap = 0;
async function step<T>(name: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const out = await work();
  const heap = process.memoryUsage().heapUsed;
  peakHeap = Math.max(peakHeap, heap);
  console.log(`${name.padEnd(12)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s   heap ${mib(heap)}, rss ${mib(process.memoryUsage().rss)}`);
  return out;
}

async function fromDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await step('read', () =>
    client.query('SELECT id::text AS id, source, person FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL ORDER BY id'),
  );
  await client.end();
  const records = await step('normalise', () => rows.map((r) => toMatchRecord(r.id, r.source, r.person, { defaultRegion: 'US', junk: DEFAULT_IDENTITY_CONFIG.junk })));
  rows.length = 0;
  await run(records);
}

async function run(records: MatchRecord[], truth?: Map<string, string>): Promise<void> {
  const config = DEFAULT_IDENTITY_CONFIG;
  const thread = process.env.TESSERA_ENGINE_THREADS === '2' ? EngineThread.startFor(records.length, { workerFile: `${__dirname}/../../src/identity/resolution/engine-worker.js`, minRecords: 0 }) : undefined;
  if (thread) await step('hand over', () => records.forEach((r) => thread.add(r)));
  const index = await step('block', () => (thread ? thread.blockIndex(records) : blockIndex(records)));
  const model = await step('estimate', () => modelFor('estimate', records, config.maxBlockSize, index));
  // when each phase of the resolution started (the 'cluster' phase begins with the walk for weak pairs)
  const starts: [string, number][] = [];
  const progress = new Progress((e) => starts[starts.length - 1]?.[0] !== e.phase && starts.push([e.phase, performance.now()]), { intervalMs: 0 });
  const region = { ...config, index, progress };
  const result = await step('resolve', () => (thread ? thread.resolveRegion(records, model, [], region) : resolveRegion(records, model, [], region)));
  const ended = performance.now();
  console.log(`  ${starts.map(([name, at], k) => `${name} ${(((starts[k + 1]?.[1] ?? ended) - at) / 1000).toFixed(1)} s`).join(', ')}`);
  if (thread) console.log(`engine thread did ${thread.share.rules} of 12 rules, ${thread.share.ranges} score and ${thread.share.weakRanges} weak-pair block ranges, ${thread.share.clusterRanges} component ranges`);
  await thread?.close();
  console.log(`${records.length} records: ${result.stats.pairs} candidate pairs ` +
    `(${(result.stats.pairs / records.length).toFixed(1)} per record; ${result.heldPairs} held in memory), ${result.clusters.length} clusters, ` +
    `${result.links.length} stored pairs (${result.links.count('review')} review)`);
  console.log('pairs per rule (new):', result.stats.perRuleNew);
  // to check that a change to the engine left every cluster and stored pair as it was
  const digest = createHash('sha256').update(JSON.stringify([result.clusters, result.links.toArray()])).digest('hex').slice(0, 16);
  console.log(`digest of clusters and stored pairs: ${digest}`);
  if (truth) {
    const predicted = new Map<string, string>();
    result.clusters.forEach((ids, k) => ids.forEach((id) => predicted.set(id, String(k))));
    const m = pairwiseMetrics(predicted, truth);
    console.log(`precision ${m.precision.toFixed(4)} recall ${m.recall.toFixed(4)} F1 ${m.f1.toFixed(4)}`);
  }
  console.log(`peak heap ${mib(peakHeap)}, peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}`);
}

async function main(): Promise<void> {
  if (process.argv[2]?.startsWith('postgres')) {
    await fromDatabase(process.argv[2]);
    return;
  }
  const size = Number(process.argv[2] ?? 215_000);
  const difficulty = (process.argv[3] ?? 'hard') as Difficulty;
  const seed = Number(process.argv[4] ?? 1);
  const config = DEFAULT_IDENTITY_CONFIG;
  const truth = new Map<string, string>();
  const records = await step('normalise', () => {
    const out: MatchRecord[] = [];
    let n = 0;
    for (const r of generatePopulation({ records: size, seed, difficulty })) {
      const id = String(++n);
      truth.set(id, r.truth);
      out.push(toMatchRecord(id, r.source, r.person, { defaultRegion: 'US', junk: config.junk }));
    }
    return out;
  });
  await run(records, truth);
}

if (require.main === module) void main();
