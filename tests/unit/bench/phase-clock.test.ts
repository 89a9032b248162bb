// The benches time a resolution's phases from its progress events: repeated events of a phase extend it,
// the next phase ends it, the run's end ends the last, and take() starts the clock over.
import { performance } from 'node:perf_hooks';
import { phaseClock } from '../../../bench/identity/phase-clock';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('phaseClock', () => {
  it('times each phase from its first event to the next phase, and starts over after take()', async () => {
    const clock = phaseClock();
    const started = performance.now();
    clock.listener({ phase: 'read' });
    await wait(30);
    clock.listener({ phase: 'read' });
    await wait(30);
    clock.listener({ phase: 'write' });
    await wait(20);
    const ended = performance.now();
    const phases = clock.take(ended);
    expect(phases.map(([phase]) => phase)).toEqual(['read', 'write']);
    expect(phases[0]![1]).toBeGreaterThanOrEqual(55);
    expect(phases[1]![1]).toBeGreaterThanOrEqual(15);
    expect(phases[0]![1] + phases[1]![1]).toBeLessThanOrEqual(ended - started);
    expect(clock.take(performance.now())).toEqual([]);
  });
});
