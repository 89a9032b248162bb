// A resolution's phases, timed from its progress events: a phase runs from its first event until the next
// phase's first event (or the run's end).
import { performance } from 'node:perf_hooks';

export function phaseClock() {
  let marks: [string, number][] = [];
  return {
    /** for ResolveOptions.onProgress */
    listener: (event: { phase: string }): void => {
      if (marks.at(-1)?.[0] !== event.phase) marks.push([event.phase, performance.now()]);
    },
    /** [phase, ms] of the run that ended at `ended` (performance.now()); the clock starts over */
    take: (ended: number): [string, number][] => {
      const out = marks.map(([phase, at], i): [string, number] => [phase, (marks[i + 1]?.[1] ?? ended) - at]);
      marks = [];
      return out;
    },
  };
}
