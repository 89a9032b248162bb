// Times every SQL statement a bench sends through node-postgres while started (grouped by statement text).
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

/** Wraps pg's Client.query to time each statement while `start()`ed. */
export function timeStatements() {
  const totals = new Map<string, { n: number; ms: number; max: number }>();
  let run: [string, number][] = [];
  let on = false;
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: unknown[]) {
    const result = original.apply(this, args);
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (!on || !text || !(result instanceof Promise)) return result;
    const started = performance.now();
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
    return result.then((r) => {
      const ms = performance.now() - started;
      const t = totals.get(key) ?? { n: 0, ms: 0, max: 0 };
      t.n++;
      t.ms += ms;
      t.max = Math.max(t.max, ms);
      totals.set(key, t);
      run.push([key, ms]);
      return r;
    });
  };
  return {
    start: () => (on = true),
    take: () => {
      const out = run;
      run = [];
      return out;
    },
    stop: () => (on = false),
    print: (top = Infinity) => {
      console.log('statements (count, total ms, mean, max), by total:');
      for (const [k, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
        console.log(`${String(t.n).padStart(5)} ${t.ms.toFixed(0).padStart(7)} ${(t.ms / t.n).toFixed(2).padStart(8)} ${t.max.toFixed(1).padStart(8)}  ${k}`);
      }
    },
  };
}

