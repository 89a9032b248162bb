// Progress of the engine's long loops is ticked per block, per rule and per component, never per candidate
// pair: the calls are counted here, where a block holds hundreds of pairs.
import { blockIndex, BLOCKING_RULES, forEachCandidatePair } from '../../../../src/identity/engine/blocking';
import { defaultModel } from '../../../../src/identity/engine/model';
import type { MatchRecord } from '../../../../src/identity/engine/match-record';
import { DEFAULT_IDENTITY_CONFIG } from '../../../../src/identity/identity-config';
import { resolveRegion } from '../../../../src/identity/resolution/resolve-region';
import { Progress, type PhaseTicker, type ProgressEvent } from '../../../../src/shared/progress';
import { rec } from './fixtures';
import { population } from './population';

function countingTicker(): PhaseTicker & { ticks: number; total: number } {
  return {
    ticks: 0,
    total: -1,
    setTotal(total) {
      this.total = total;
    },
    tick() {
      this.ticks++;
    },
  };
}

/** 40 records sharing a name and an address: a few blocks of 780 pairs each. */
const crowd: MatchRecord[] = Array.from({ length: 40 }, (_, i) => rec(String(i + 1), { first: 'Olivia', last: 'Fairweather', emails: ['family@mail.co'] }));

describe('engine progress', () => {
  it('forEachCandidatePair ticks once per block and once at the end, not per pair', () => {
    const ticker = countingTicker();
    let pairs = 0;
    forEachCandidatePair(crowd, () => pairs++, { progress: ticker });
    const blocks = blockIndex(crowd).blocks.rule.length;
    expect(ticker.total).toBe(blocks);
    expect(ticker.ticks).toBe(blocks + 1);
    expect(pairs).toBeGreaterThanOrEqual(780);
    expect(ticker.ticks).toBeLessThan(pairs / 50);
  });

  it('blockIndex ticks once per rule', () => {
    const ticker = countingTicker();
    blockIndex(crowd, BLOCKING_RULES, undefined, ticker);
    expect({ total: ticker.total, ticks: ticker.ticks }).toEqual({ total: BLOCKING_RULES.length, ticks: BLOCKING_RULES.length });
  });

  it('resolveRegion reports block, score and cluster in order, each ending with done = total, per block and component', () => {
    const records = population(300, 3).records.map((r, i) => ({ ...r, id: String(i + 1) }));
    const events: ProgressEvent[] = [];
    // no throttle: every tick that moves the count reaches the listener
    const result = resolveRegion(records, defaultModel(), [], { ...DEFAULT_IDENTITY_CONFIG, progress: new Progress((e) => events.push(e), { every: 1, intervalMs: 0 }) });
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['block', 'score', 'cluster']);
    for (const phase of phases) {
      const own = events.filter((e) => e.phase === phase);
      expect(own.every((e) => e.total === undefined || e.done <= e.total)).toBe(true);
      expect(own.at(-1)!.done).toBe(own.at(-1)!.total);
    }
    // start, total, one per block, end
    const blocks = blockIndex(records).blocks.rule.length;
    expect(events.filter((e) => e.phase === 'score').length).toBeLessThanOrEqual(blocks + 3);
    expect(events.find((e) => e.phase === 'cluster')!.total).toBeLessThanOrEqual(2 * records.length);
    expect(result.stats.pairs).toBeGreaterThan(0);
  });
});
