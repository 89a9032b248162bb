import { ModelCache, type ModelReads } from '../../../src/identity/model-cache';
import type { StoredModel } from '../../../src/identity/resolution/estimate';

/** Reads whose model read waits until the test lets it finish (or fail), counting how often it was asked. */
function pausedReads(model: StoredModel) {
  let finish: (outcome: Error | undefined) => void = () => undefined;
  const waiting = new Promise<Error | undefined>((resolve) => (finish = resolve));
  const reads = {
    calls: 0,
    latestModel: async () => {
      reads.calls++;
      const failure = await waiting;
      if (failure) throw failure;
      return model;
    },
    latestModelStamp: async () => ({ id: model.id, revision: model.revision }),
  } satisfies ModelReads & { calls: number };
  return { reads, finish };
}

const model = { id: '7', revision: 1 } as unknown as StoredModel;
const stamp = { id: '7', revision: 1 };

describe('ModelCache', () => {
  it('shares one read among callers through the same reads', async () => {
    const cache = new ModelCache();
    const { reads, finish } = pausedReads(model);
    const asked = [cache.at(reads, stamp), cache.at(reads, stamp), cache.latest(reads)];
    await new Promise((r) => setImmediate(r));
    finish(undefined);
    expect(await Promise.all(asked)).toEqual([model, model, model]);
    expect(reads.calls).toBe(1);
    expect(await cache.at(reads, stamp)).toBe(model);
    expect(reads.calls).toBe(1);
  });

  // a resolution reads inside its transaction while holding the lock: it must not wait on an explanation's
  // read (which may be waiting for a pool connection), nor take that read's failure
  it('never joins a read made through other reads, and keeps each failure to its own callers', async () => {
    const cache = new ModelCache();
    const explanation = pausedReads(model);
    const resolution = pausedReads(model);
    const explained = cache.at(explanation.reads, stamp);
    const resolved = cache.at(resolution.reads, stamp);
    resolution.finish(undefined);
    expect(await resolved).toBe(model);
    expect(resolution.reads.calls).toBe(1);

    explanation.finish(new Error('pool closed'));
    await expect(explained).rejects.toThrow('pool closed');
    // the model the resolution read is held: nothing is read again
    expect(await cache.at(explanation.reads, stamp)).toBe(model);
    expect(explanation.reads.calls).toBe(1);
  });

  it('reads again for a newer stamp, and nothing for none', async () => {
    const cache = new ModelCache();
    const first = pausedReads(model);
    first.finish(undefined);
    expect(await cache.at(first.reads, stamp)).toBe(model);
    const changed = { ...model, revision: 2 } as StoredModel;
    const second = pausedReads(changed);
    second.finish(undefined);
    expect(await cache.at(second.reads, { id: '7', revision: 2 })).toBe(changed);
    expect(await cache.at(second.reads, undefined)).toBeUndefined();
    expect(first.reads.calls + second.reads.calls).toBe(2);
  });

  it('shares among callers through the same reads while a read through other reads is under way', async () => {
    const cache = new ModelCache();
    const resolution = pausedReads(model);
    const explanation = pausedReads(model);
    const resolved = cache.at(resolution.reads, stamp);
    const explained = [cache.at(explanation.reads, stamp), cache.at(explanation.reads, stamp)];
    explanation.finish(undefined);
    resolution.finish(undefined);
    expect(await Promise.all([resolved, ...explained])).toEqual([model, model, model]);
    expect([resolution.reads.calls, explanation.reads.calls]).toEqual([1, 1]);
  });
});
