// A large full run builds blocks, scores and walks the weak pairs on two threads (engine-thread.ts, compiled
// builds: `npm install` builds dist/). The result must be the one thread's, pair for pair, whichever thread
// did which piece.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BLOCKING_RULES, blockIndex, ruleFamilies } from '../../../../src/identity/engine/blocking';
import type { MatchRecord } from '../../../../src/identity/engine/match-record';
import { DEFAULT_IDENTITY_CONFIG } from '../../../../src/identity/identity-config';
import { EngineThread } from '../../../../src/identity/resolution/engine-thread';
import { modelFor } from '../../../../src/identity/resolution/estimate';
import { matchClusterOf, resolveRegion, type Decision } from '../../../../src/identity/resolution/resolve-region';
import { population } from '../engine/population';

const WORKER = path.join(__dirname, '../../../../dist/src/identity/resolution/engine-worker.js');
const options = DEFAULT_IDENTITY_CONFIG;

const records: MatchRecord[] = population(1500, 5).records.map((r, i) => ({ ...r, id: String(i + 1) }));
const model = modelFor('estimate', records, options.maxBlockSize, blockIndex(records));
// a link blocking never produced, a split of a likely pair, a link of a scored pair
const decisions: Decision[] = [
  { a: '1', b: '1400', kind: 'link' },
  { a: '2', b: '3', kind: 'split' },
  { a: '10', b: '11', kind: 'link' },
];
const oneThread = resolveRegion(records, model, decisions, options);

const threads: EngineThread[] = [];
function start(shareWork: boolean): EngineThread {
  const thread = EngineThread.startFor(records.length, { workerFile: WORKER, minRecords: 1, shareWork });
  if (!thread) throw new Error('no engine thread');
  threads.push(thread);
  for (const r of records) thread.add(r);
  return thread;
}

beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build (npm install does)`);
});
afterAll(async () => Promise.all(threads.map((t) => t.close())));

describe('EngineThread', () => {
  it.each([
    ['both threads take work', true],
    ['the engine thread does every piece', false],
  ])('resolves exactly as one thread: %s', async (_, shareWork) => {
    const thread = start(shareWork);
    const index = await thread.blockIndex(records);
    expect(index.blocks).toEqual(blockIndex(records).blocks);
    const result = await thread.resolveRegion(records, model, decisions, { ...options, index });
    expect(result.clusters).toEqual(oneThread.clusters);
    expect(result.links.toArray()).toEqual(oneThread.links.toArray());
    expect(result.stats).toEqual(oneThread.stats);
    expect(result.heldPairs).toBe(oneThread.heldPairs);
    expect(matchClusterOf(result)).toEqual(matchClusterOf(oneThread));
    // the decided pairs were met: linked (one blocking never produced), split
    expect(result.links.toArray()).toContainEqual(expect.objectContaining({ a: '1', b: '1400', decision: 'linked', blockingRule: null }));
    expect(result.links.toArray()).toContainEqual(expect.objectContaining({ a: '2', b: '3', decision: 'split' }));
    if (!shareWork) expect(thread.share).toEqual({ rules: 12, ranges: expect.any(Number), weakRanges: expect.any(Number), clusterRanges: expect.any(Number) });
    if (!shareWork) expect(thread.share.ranges).toBeGreaterThan(10);
    // every component range crossed over too, and still the same clusters and pairs
    if (!shareWork) expect(thread.share.clusterRanges).toBeGreaterThan(10);
  });

  it('clusters on the engine thread with the clustering settings of the run (size cap, one record per source)', async () => {
    // settings the worker must be handed: with the defaults a dropped one would change nothing
    const strict = { ...options, maxClusterSize: 2, onePerSource: ['crm'] };
    const expected = resolveRegion(records, model, decisions, strict);
    const loose = resolveRegion(records, model, decisions, options);
    expect(expected.clusters).not.toEqual(loose.clusters);
    const sourceOf = new Map(records.map((r) => [r.id, r.source]));
    // the cap holds for every customer but one a human link forced together
    expect(expected.clusters.filter((c) => c.length > 2).length).toBeLessThanOrEqual(1);
    expect(loose.clusters.filter((c) => c.length > 2).length).toBeGreaterThan(10);
    // only the human link (1, 1400) joins two CRM records: decisions override the limit
    expect(expected.clusters.filter((c) => c.filter((id) => sourceOf.get(id) === 'crm').length > 1)).toEqual([['1', '1400']]);
    expect(loose.clusters.filter((c) => c.filter((id) => sourceOf.get(id) === 'crm').length > 1).length).toBeGreaterThan(0);
    const thread = start(false);
    const index = await thread.blockIndex(records);
    const result = await thread.resolveRegion(records, model, decisions, { ...strict, index });
    expect(thread.share.clusterRanges).toBeGreaterThan(10);
    expect(result.clusters).toEqual(expected.clusters);
    expect(result.links.toArray()).toEqual(expected.links.toArray());
  });

  it('starts on the blocks before the run joins in, and builds the same ones; no record may follow', async () => {
    const thread = start(true);
    thread.startBlocks(records);
    expect(() => thread.add(records[0]!)).toThrow(/after the engine thread started on the blocks/);
    // the run is busy elsewhere meanwhile: the engine thread claims every rule family from the counter alone
    const claimed = new Int32Array((thread as unknown as { pendingBlocks: { counter: SharedArrayBuffer } }).pendingBlocks.counter);
    const families = ruleFamilies().length;
    const deadline = Date.now() + 20_000;
    while (Atomics.load(claimed, 0) < families && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(Atomics.load(claimed, 0)).toBeGreaterThanOrEqual(families);
    const index = await thread.blockIndex(records);
    expect(index.blocks).toEqual(blockIndex(records).blocks);
    expect(thread.share.rules).toBe(BLOCKING_RULES.length);
    const result = await thread.resolveRegion(records, model, decisions, { ...options, index });
    expect(result.clusters).toEqual(oneThread.clusters);
    expect(result.links.toArray()).toEqual(oneThread.links.toArray());
  });

  it('refuses to start on the blocks of records it was not handed, and then builds them on the run\'s thread', async () => {
    const thread = start(true);
    const others = records.slice(0, 900);
    thread.startBlocks(others);
    expect((await thread.blockIndex(others)).blocks).toEqual(blockIndex(others).blocks);
  });

  it('refuses to join blocks started on the records handed over with the blocks of other records', async () => {
    const thread = start(true);
    thread.startBlocks(records);
    await expect(thread.blockIndex(records.slice(0, 900))).rejects.toThrow(/other records/);
  });

  it('resolves on its own thread records it was not handed, in another order', async () => {
    const thread = start(true);
    const others = [...records].reverse().slice(0, 900);
    const result = await thread.resolveRegion(others, model, [], options);
    expect(result).toEqual(resolveRegion(others, model, [], options));
  });

  it('fails, and does not hang, when the engine thread stops while the run waits for it, or was stopped before', async () => {
    const waiting = start(false);
    const index = await waiting.blockIndex(records);
    // the run's thread leaves every range to the engine thread and waits for its answer; the thread stops
    const result = waiting.resolveRegion(records, model, [], { ...options, index });
    await waiting.close();
    await expect(result).rejects.toThrow(/engine thread/);

    const stopped = start(true);
    await stopped.close();
    await expect(stopped.resolveRegion(records, model, [], options)).rejects.toThrow(/engine thread/);
  });

  it('fails every request, not only the next, when the engine thread reports an error', async () => {
    const thread = start(true);
    // a region that is not the records handed over: the thread refuses it (an error no request waits for)
    (thread as unknown as { post(m: unknown): void }).post({ region: { records: 3, blocks: blockIndex(records).blocks, model, decided: [], settings: options } });
    await expect(thread.blockIndex(records)).rejects.toThrow(/the engine thread failed: .*holds \d+ records, the run 3/);
    await expect(thread.resolveRegion(records, model, [], options)).rejects.toThrow(/holds \d+ records, the run 3/);
  });
});
