import { formatElapsed, phaseLine, phaseProgress } from '../../../src/cli/progress';

const bar = (fraction: number) => `${'#'.repeat(Math.round(fraction * 10))}${'-'.repeat(10 - Math.round(fraction * 10))}`;

describe('phase lines', () => {
  it('show a bar with counts when the total is known, the count so far when not, and the time', () => {
    expect(phaseLine('resolve', { phase: 'normalise', done: 250_000, total: 1_000_000 }, 7_250, bar)).toBe(
      'resolve  normalising records          [###-------] 250,000/1,000,000 records | 7.3 s',
    );
    expect(phaseLine('resolve', { phase: 'read', done: 0 }, 400, bar)).toBe('resolve  reading records              | 0.4 s');
    expect(phaseLine('metrics', { phase: 'metrics', done: 0, total: 0 }, 0, bar)).toMatch(/\[##########\] 0\/0 customers \| 0\.0 s$/);
    expect(phaseLine('x', { phase: 'unknown-phase', done: 3 }, 61_000, bar)).toMatch(/unknown-phase +3 \| 1 min 01 s$/);
  });

  it('times past a minute in minutes and seconds', () => {
    expect(formatElapsed(59_940)).toBe('59.9 s');
    expect(formatElapsed(421_000)).toBe('7 min 01 s');
  });

  it('has no listener and writes nothing when the stream is not a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const progress = phaseProgress('resolve', stream);
    expect(progress.onProgress).toBeUndefined();
    progress.stop();
    expect(written).toEqual([]);
  });
});
