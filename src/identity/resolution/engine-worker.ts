// The engine's second thread in a large full run (engine-thread.ts): holds its own copy of the records
// (decoded from their stored normalisation as they arrive, while the run's thread decodes its own), then
// builds some rule families' blocks and scores some block ranges, taking work from counters it shares with the run's
// thread. Everything it returns is typed arrays, which the run puts back in rule or block order.
import { parentPort } from 'node:worker_threads';
import { buffersOf, PairBuffer, WeakPairs } from './pair-buffer';
import { ComponentClustering, componentsFromNumbers, pieceBuffers } from './cluster-pieces';
import { decodeMatchRecord, type MatchRecord } from '../engine/match-record';
import { BLOCKING_RULES, buildFamilyBlocks, indexOfBlocks, type BlockIndex } from '../engine/blocking';
import { IntScratch } from '../engine/int-scratch';
import type { CompiledModel } from '../engine/compiled-model';
import { PairScorer, scoreBlocks, weakPairsWithin } from './candidate-scoring';
import { claimEach, type EngineReply, type EngineRequest } from './engine-messages';

const records: MatchRecord[] = [];
let region: { index: BlockIndex; scorer: PairScorer; compiled: CompiledModel } | undefined;

function holding(count: number): void {
  if (count !== records.length) throw new Error(`the engine thread holds ${records.length} records, the run ${count}`);
}

function handle(m: EngineRequest): { reply: EngineReply; transfer: ArrayBuffer[] } | undefined {
  if ('records' in m) {
    const { ids, sources, encoded } = m.records;
    for (let i = 0; i < ids.length; i++) records.push(decodeMatchRecord(ids[i]!, sources[i]!, encoded[i]!));
    return undefined;
  }
  if ('blocks' in m) {
    holding(m.blocks.records);
    const scratch = new IntScratch();
    const parts = claimEach(m.blocks.counter, m.blocks.order.length, (k) => buildFamilyBlocks(records, m.blocks.order[k]!, BLOCKING_RULES, undefined, scratch)).flat();
    return { reply: { parts }, transfer: parts.flatMap((p) => [p.sizes.buffer, p.members.buffer, p.excluded.buffer] as ArrayBuffer[]) };
  }
  if ('region' in m) {
    const { blocks, compiled, decided, settings } = m.region;
    holding(m.region.records);
    region = { index: indexOfBlocks(records, blocks), scorer: new PairScorer(records, compiled, new Map(decided), settings), compiled };
    return undefined;
  }
  if (!region) throw new Error('the engine thread was asked to score before it was given a region');
  const { index, scorer } = region;
  if ('score' in m) {
    const buffer = new PairBuffer();
    const scored = claimEach(m.score.counter, m.score.ranges.length, (k) => {
      const { strong, stats } = scoreBlocks(index, scorer, m.score.ranges[k], undefined, buffer);
      return { range: k, pairs: strong.flat(), stats };
    });
    return { reply: { scored }, transfer: scored.flatMap((s) => buffersOf(s.pairs)) };
  }
  if ('cluster' in m) {
    const { counter, ranges, settings, match, review } = m.cluster;
    const strong = new PairBuffer();
    strong.pushFlat(m.cluster.strong);
    const weak = new WeakPairs();
    weak.pushFlat(m.cluster.weak);
    const clustering = new ComponentClustering(
      { records, scorer, compiled: region.compiled, settings },
      strong,
      weak,
      componentsFromNumbers(match.of, match.count),
      componentsFromNumbers(review.of, review.count),
    );
    const clustered = claimEach(counter, ranges.length, (k) => ({ range: k, piece: clustering.piece(ranges[k]!) }));
    return { reply: { clustered }, transfer: clustered.flatMap((c) => pieceBuffers(c.piece)) };
  }
  const buffer = new WeakPairs();
  const weak = claimEach(m.weak.counter, m.weak.ranges.length, (k) => ({
    range: k,
    pairs: weakPairsWithin(index, scorer, m.weak.within, m.weak.ranges[k], buffer).flat(),
  }));
  return { reply: { weak }, transfer: weak.flatMap((w) => buffersOf(w.pairs)) };
}

// a message that cannot be read leaves this thread's records unknown: the run must fail, not wait
parentPort!.on('messageerror', (error) => parentPort!.postMessage({ error: `a message could not be read: ${error.message}` } satisfies EngineReply));
parentPort!.on('message', (m: EngineRequest) => {
  try {
    const out = handle(m);
    if (out) parentPort!.postMessage(out.reply, out.transfer);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).stack ?? String(error) } satisfies EngineReply);
  }
});
