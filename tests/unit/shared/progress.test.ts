import { Progress, type ProgressEvent } from '../../../src/shared/progress';

/** A clock the test moves by hand. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Progress', () => {
  it('starts each phase, ends it with done = total, and caps done at the total', () => {
    const events: ProgressEvent[] = [];
    const progress = new Progress((e) => events.push(e), { now: clock().now, intervalMs: 0 });
    progress.phase('read');
    progress.end(7);
    progress.phase('score', 3);
    progress.tick(2);
    progress.tick(9);
    progress.phase('write');
    progress.setTotal(4);
    progress.end();
    expect(events).toEqual([
      { phase: 'read', done: 0, total: undefined },
      { phase: 'read', done: 7, total: 7 },
      { phase: 'score', done: 0, total: 3 },
      { phase: 'score', done: 2, total: 3 },
      { phase: 'score', done: 3, total: 3 },
      { phase: 'score', done: 3, total: 3 },
      { phase: 'write', done: 0, total: undefined },
      { phase: 'write', done: 0, total: 4 },
      { phase: 'write', done: 4, total: 4 },
    ]);
  });

  it('a million ticks reach the listener a few hundred times at most (every 4,096 items, or fewer for a small total)', () => {
    const events: ProgressEvent[] = [];
    const progress = new Progress((e) => events.push(e), { intervalMs: 0 });
    progress.phase('normalise', 1_000_000);
    for (let i = 0; i < 1_000_000; i++) progress.tick(i);
    progress.end();
    // 200 steps of 4,096 at most, the start and the end
    expect(events.length).toBeLessThanOrEqual(1_000_000 / 4096 + 2);
    expect(events.length).toBeGreaterThan(100);
    const small: ProgressEvent[] = [];
    const few = new Progress((e) => small.push(e), { intervalMs: 0 });
    few.phase('block', 11);
    for (let i = 1; i <= 11; i++) few.tick(i);
    few.end();
    expect(small.map((e) => e.done)).toEqual([0, ...Array.from({ length: 11 }, (_, i) => i + 1), 11]);
  });

  it('reports at most once per interval while time stands still, and always the start and the end', () => {
    const time = clock();
    const events: ProgressEvent[] = [];
    const progress = new Progress((e) => events.push(e), { now: time.now, every: 1 });
    progress.phase('cluster', 100);
    for (let i = 1; i < 100; i++) progress.tick(i);
    time.advance(100);
    progress.tick(100);
    progress.end();
    expect(events.map((e) => e.done)).toEqual([0, 100, 100]);
  });

  it('without a listener does nothing', () => {
    const progress = new Progress();
    progress.phase('read', 5);
    progress.tick(10);
    expect(() => progress.end()).not.toThrow();
  });
});
