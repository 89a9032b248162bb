import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BLOCKING_RULES, blockIndex, blockRanges, buildFamilyBlocks, indexOfBlocks, ruleFamilies, joinRuleBlocks, type BlockIndex, type CandidateStats, type RuleBlocks } from '../engine/blocking';
import { IntScratch } from '../engine/int-scratch';
import { encodeMatchRecord, type MatchRecord } from '../engine/match-record';
import { compileModel } from '../engine/compiled-model';
import type { MatchModel } from '../engine/model';
import type { PhaseTicker, Progress } from '../../shared/progress';
import { addStats, scoreBlocks, weakPairsWithin, type BlockRange } from './candidate-scoring';
import { claimEach, sharedCounter, type EngineReply, type EngineRequest } from './engine-messages';
import { buffersOf, PairBuffer, WeakPairs, type FlatPairs, type FlatWeakPairs } from './pair-buffer';
import type { Components } from './components';
import { componentRanges, type ClusterPiece } from './cluster-pieces';
import {
  assembleRegion,
  componentClustering,
  componentsOfStrong,
  prepareRegion,
  resolvePrepared,
  resolveRegion,
  startClusterPhase,
  type Decision,
  type PreparedRegion,
  type RegionOptions,
  type RegionResult,
} from './resolve-region';

/** When a full run uses a second thread for its engine. */
export interface EngineThreadOptions {
  /** The compiled worker; absent or missing (ts-jest runs the sources), the run uses one thread. */
  workerFile?: string;
  /** Fewer records than this: one thread (starting one and copying the records costs more than it saves). */
  minRecords?: number;
  /** false: the run's thread leaves every rule and block range to the engine thread (tests: all of it crosses over). */
  shareWork?: boolean;
}

export const ENGINE_THREAD_RECORDS = 50_000;
export const DEFAULT_ENGINE_THREAD: EngineThreadOptions = { workerFile: path.join(__dirname, 'engine-worker.js'), minRecords: ENGINE_THREAD_RECORDS };

/** Records per message: their stored normalisation, about 150 bytes each. */
const RECORDS_PER_MESSAGE = 10_000;
/** Block ranges per walk: enough for the two threads to finish close together, few enough to cost nothing. */
const RANGES = 64;
/** Rule families (ruleFamilies) in the order threads take them, the dearest first (email_name's builds longest). */
const FAMILY_ORDER = ruleFamilies(BLOCKING_RULES)
  .map((family) => ({ family, cost: family.some((i) => BLOCKING_RULES[i]!.name === 'email_name') ? 2 : family.some((i) => BLOCKING_RULES[i]!.name === 'last+initial') ? 1 : 0 }))
  .sort((x, y) => y.cost - x.cost || x.family[0]! - y.family[0]!)
  .map((f) => f.family);

/**
 * A second thread for the engine of a large full run (engine-worker.ts). The run hands it the records as it
 * normalises them; the thread decodes its own copy meanwhile. Then both threads build the blocks, score the
 * candidate pairs, find the weak pairs inside match components and cluster the components, each taking the
 * next rule, block range or component range from a shared counter, and the run puts the pieces back in
 * order: the result is the same as one thread's, pair for pair. Costs a second copy of the match records (about 1 GB at 10^6).
 */
export class EngineThread {
  private readonly sent: MatchRecord[] = [];
  private readonly waiting: { resolve(reply: EngineReply): void; reject(error: Error): void }[] = [];
  private failure: Error | undefined;
  private buffer: { ids: string[]; sources: string[]; encoded: string[] } = { ids: [], sources: [], encoded: [] };
  /** blocks the engine thread started on (startBlocks), until blockIndex joins them */
  private pendingBlocks: { counter: SharedArrayBuffer; reply: Promise<EngineReply> } | undefined;

  /** Rules and block ranges the engine thread did in the last run (for benches). */
  readonly share = { rules: 0, ranges: 0, weakRanges: 0, clusterRanges: 0 };

  private constructor(
    private readonly worker: Worker,
    private readonly shareWork: boolean,
  ) {
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    worker.on('message', (reply: EngineReply) => {
      // Any failure leaves the thread's records or region unknown (a message that posts no answer may be the
      // one that failed), so it fails every waiting and later request, never only the next one.
      if ('error' in reply) fail(new Error(`the engine thread failed: ${reply.error}`));
      else this.waiting.shift()?.resolve(reply);
    });
    worker.on('messageerror', fail);
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the engine thread stopped (exit code ${code})`)));
  }

  /** A thread when the run is large enough and the compiled worker is there; otherwise undefined (one thread). */
  static startFor(records: number, options: EngineThreadOptions = DEFAULT_ENGINE_THREAD): EngineThread | undefined {
    const file = options.workerFile;
    if (!file || records < (options.minRecords ?? ENGINE_THREAD_RECORDS) || !existsSync(file)) return undefined;
    return new EngineThread(new Worker(file), options.shareWork ?? true);
  }

  /** Hands one record over, in region order (by id); `encoded`: its stored normalisation when at hand. */
  add(record: MatchRecord, encoded?: string | null): void {
    if (this.pendingBlocks) throw new Error('a record was handed over after the engine thread started on the blocks');
    this.sent.push(record);
    this.buffer.ids.push(record.id);
    this.buffer.sources.push(record.source);
    this.buffer.encoded.push(encoded ?? encodeMatchRecord(record, { patterns: false }));
    if (this.buffer.ids.length >= RECORDS_PER_MESSAGE) this.sendRecords();
  }

  /** Whether these are exactly the records handed over, in that order. */
  holds(records: readonly MatchRecord[]): boolean {
    return records.length === this.sent.length && records.every((r, i) => this.sent[i] === r);
  }

  /**
   * Sets the engine thread building the blocks of the records handed over (all of them: hand over no more),
   * while this one does other work; blockIndex then joins in. A full run starts it as soon as it has read the
   * records, before its other reads.
   */
  startBlocks(records: readonly MatchRecord[]): void {
    if (this.pendingBlocks || !this.holds(records)) return;
    this.sendRecords();
    const counter = sharedCounter();
    this.pendingBlocks = { counter, reply: this.ask({ blocks: { records: records.length, counter, order: FAMILY_ORDER } }) };
  }

  /** The blocks of the records handed over, built by both threads (a rule family each at a time). */
  async blockIndex(records: readonly MatchRecord[], progress?: PhaseTicker): Promise<BlockIndex> {
    if (!this.holds(records)) {
      if (this.pendingBlocks) throw new Error('the engine thread started on the blocks of other records');
      return blockIndex(records, BLOCKING_RULES, undefined, progress);
    }
    this.startBlocks(records);
    const { counter: shared, reply: theirs } = this.pendingBlocks!;
    this.pendingBlocks = undefined;
    progress?.setTotal(BLOCKING_RULES.length);
    let rulesDone = 0;
    const scratch = new IntScratch();
    const parts: RuleBlocks[] = this.claimEach(shared, FAMILY_ORDER.length, (k) => {
      const family = buildFamilyBlocks(records, FAMILY_ORDER[k]!, BLOCKING_RULES, undefined, scratch);
      // this thread's rules only: the other thread's arrive with its answer
      progress?.tick((rulesDone += family.length));
      return family;
    }).flat();
    const reply = await theirs;
    if (!('parts' in reply)) throw new Error('the engine thread answered out of turn');
    parts.push(...reply.parts);
    this.share.rules = reply.parts.length;
    progress?.tick(parts.length);
    return indexOfBlocks(records, joinRuleBlocks(parts, true));
  }

  /** resolveRegion on both threads; one thread when the region is not the records handed over. */
  async resolveRegion(input: MatchRecord[], model: MatchModel, decisions: Decision[], options: RegionOptions): Promise<RegionResult> {
    if (!this.holds(input)) return resolveRegion(input, model, decisions, options);
    const region = prepareRegion(input, model, decisions, options);
    // handed over in id order, as a full run reads them; otherwise the region's order is not the thread's
    if (!this.holds(region.records)) return resolvePrepared(region);
    this.sendRecords();
    this.post({
      region: {
        records: region.records.length,
        blocks: region.index.blocks,
        compiled: compileModel(model),
        decided: [...region.decided],
        settings: { matchThreshold: options.matchThreshold, reviewThreshold: options.reviewThreshold, maxBlockSize: options.maxBlockSize, deterministicRules: options.deterministicRules },
      },
    });
    const ranges = blockRanges(region.index, options.maxBlockSize, RANGES);
    options.progress?.phase('score', ranges.length);
    const { strong, stats } = await this.score(region, ranges, options.progress);
    const components = componentsOfStrong(region, strong);
    startClusterPhase(region, components);
    const weak = await this.weakWithin(region, ranges, components.match.of);
    return assembleRegion(region, strong, weak, components, await this.cluster(region, strong, weak, components), stats);
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the engine thread was closed');
    await this.worker.terminate();
  }

  private async score(region: PreparedRegion, ranges: BlockRange[], progress?: Progress): Promise<{ strong: PairBuffer; stats: CandidateStats }> {
    const shared = sharedCounter();
    const theirs = this.ask({ score: { counter: shared, ranges } });
    const pieces: ({ pairs: FlatPairs; stats: CandidateStats } | undefined)[] = new Array(ranges.length);
    const buffer = new PairBuffer();
    this.claimEach(shared, ranges.length, (k) => {
      const { strong, stats } = scoreBlocks(region.index, region.scorer, ranges[k], undefined, buffer);
      pieces[k] = { pairs: strong.flat(), stats };
      progress?.tick(k + 1);
    });
    const reply = await theirs;
    if (!('scored' in reply)) throw new Error('the engine thread answered out of turn');
    for (const s of reply.scored) pieces[s.range] = s;
    this.share.ranges = reply.scored.length;
    progress?.tick(ranges.length);
    const strong = new PairBuffer();
    let stats: CandidateStats = { perRule: {}, perRuleNew: {}, skippedBlocks: 0, pairs: 0 };
    for (const name of region.index.rules.map((r) => r.name)) stats.perRule[name] = stats.perRuleNew[name] = 0;
    pieces.forEach((piece, k) => {
      if (!piece) throw new Error(`block range ${k} was scored by neither thread`);
      strong.pushFlat(piece.pairs);
      stats = addStats(stats, piece.stats);
    });
    return { strong, stats };
  }

  private async weakWithin(region: PreparedRegion, ranges: BlockRange[], within: Int32Array): Promise<WeakPairs> {
    const shared = sharedCounter();
    const theirs = this.ask({ weak: { counter: shared, ranges, within } });
    const pieces: (FlatWeakPairs | undefined)[] = new Array(ranges.length);
    const buffer = new WeakPairs();
    this.claimEach(shared, ranges.length, (k) => (pieces[k] = weakPairsWithin(region.index, region.scorer, within, ranges[k], buffer).flat()));
    const reply = await theirs;
    if (!('weak' in reply)) throw new Error('the engine thread answered out of turn');
    for (const w of reply.weak) pieces[w.range] = w.pairs;
    this.share.weakRanges = reply.weak.length;
    const weak = new WeakPairs();
    pieces.forEach((piece, k) => {
      if (!piece) throw new Error(`block range ${k} was walked by neither thread`);
      weak.pushFlat(piece);
    });
    return weak;
  }

  /** The pieces of every range of review components, clustered by both threads, in component order. */
  private async cluster(region: PreparedRegion, strong: PairBuffer, weak: WeakPairs, components: { match: Components; review: Components }): Promise<ClusterPiece[]> {
    // this thread's own clustering, built only when it takes ranges too (tests leave all of them to the worker)
    const clustering = this.shareWork ? componentClustering(region, strong, weak, components) : undefined;
    const ranges = componentRanges(components.review, RANGES);
    const shared = sharedCounter();
    const { matchThreshold, reviewThreshold, maxClusterSize, onePerSource, deterministicRules } = region.options;
    // fresh arrays, moved rather than copied; the component numbers stay in use here and are copied
    const strongFlat = strong.flat();
    const weakFlat = weak.flat();
    const theirs = this.ask(
      {
        cluster: {
          counter: shared,
          ranges,
          strong: strongFlat,
          weak: weakFlat,
          match: { of: components.match.of, count: components.match.members.length },
          review: { of: components.review.of, count: components.review.members.length },
          settings: { matchThreshold, reviewThreshold, maxClusterSize, onePerSource, deterministicRules },
        },
      },
      [...buffersOf(strongFlat), ...buffersOf(weakFlat)],
    );
    const progress = region.options.progress;
    let done = 0;
    const pieces: (ClusterPiece | undefined)[] = new Array(ranges.length);
    this.claimEach(shared, ranges.length, (k) => (pieces[k] = clustering!.piece(ranges[k]!, () => progress?.tick(++done))));
    const reply = await theirs;
    if (!('clustered' in reply)) throw new Error('the engine thread answered out of turn');
    for (const c of reply.clustered) pieces[c.range] = c.piece;
    this.share.clusterRanges = reply.clustered.length;
    progress?.tick(components.match.members.length + components.review.members.length);
    return pieces.map((piece, k) => {
      if (!piece) throw new Error(`component range ${k} was clustered by neither thread`);
      return piece;
    });
  }

  private claimEach<T>(shared: SharedArrayBuffer, count: number, work: (k: number) => T): T[] {
    return this.shareWork ? claimEach(shared, count, work) : [];
  }

  private sendRecords(): void {
    if (this.buffer.ids.length === 0) return;
    this.post({ records: this.buffer });
    this.buffer = { ids: [], sources: [], encoded: [] };
  }

  private post(message: EngineRequest, transfer: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage(message, transfer);
  }

  private ask(message: EngineRequest, transfer: ArrayBuffer[] = []): Promise<EngineReply> {
    this.post(message, transfer);
    const reply = new Promise<EngineReply>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // reported when awaited; until then this thread may be busy with its own share
    reply.catch(() => undefined);
    return reply;
  }
}
