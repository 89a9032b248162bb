import { Format, SingleBar, Presets, type Options, type Params } from 'cli-progress';
import type { ImportProgress } from '../ingest/import.service';
import type { ProgressEvent, ProgressListener } from '../shared/progress';

/** A byte-based progress bar per file on stderr (stdout stays for results); silent when not a TTY. */
export function importProgressBar(): { onProgress: (p: ImportProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  let bar: SingleBar | undefined;
  let current = '';
  return {
    onProgress(p) {
      if (p.file !== current) {
        bar?.stop();
        current = p.file;
        bar = new SingleBar({ format: `${p.file.padEnd(22)} [{bar}] {percentage}% | {records} records`, stream: process.stderr }, Presets.shades_classic);
        bar.start(Math.max(1, p.totalBytes), 0, { records: 0 });
      }
      bar?.update(p.bytesRead, { records: p.records });
    },
    stop() {
      bar?.stop();
    },
  };
}

/** What each phase of a resolution (RESOLVE_PHASES, 'region') or a metrics recompute is called, and what it counts. */
const PHASES: Record<string, { label: string; unit: string }> = {
  read: { label: 'reading records', unit: 'records' },
  normalise: { label: 'normalising records', unit: 'records' },
  keys: { label: 'blocking keys', unit: 'records' },
  block: { label: 'building blocks', unit: 'rules' },
  sample: { label: 'sampling pairs for the model', unit: 'blocks' },
  fit: { label: 'estimating the model', unit: 'steps' },
  score: { label: 'scoring candidate pairs', unit: 'blocks' },
  cluster: { label: 'clustering', unit: 'components' },
  'keys-wait': { label: 'storing blocking keys', unit: 'records' },
  region: { label: 'growing the region', unit: 'records' },
  write: { label: 'writing the outcome', unit: 'rows' },
  summaries: { label: 'customer summaries', unit: 'customers' },
  metrics: { label: 'computing traits', unit: 'customers' },
};

const count = (n: number) => n.toLocaleString('en-US');

export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * One phase's line: a bar with counts when the total is known, else the count so far; the time it has run.
 * `bar` draws the bar for a fraction (cli-progress's own in the terminal).
 */
export function phaseLine(job: string, e: ProgressEvent, elapsedMs: number, bar: (fraction: number) => string): string {
  const { label, unit } = PHASES[e.phase] ?? { label: e.phase, unit: '' };
  const parts = [job.padEnd(8), label.padEnd(28)];
  if (e.total !== undefined) parts.push(`[${bar(e.total > 0 ? e.done / e.total : 1)}]`, `${count(e.done)}/${count(e.total)}`);
  else if (e.done > 0) parts.push(count(e.done));
  if (parts.length > 2 && unit) parts.push(unit);
  return `${parts.join(' ')} | ${formatElapsed(elapsedMs)}`;
}

/**
 * The phases of a long job (resolve, metrics) on stderr, one line each: a bar while it runs, left in place
 * with its count and time when the next starts, so the timings stay on screen at the end. No listener (and
 * nothing written) when stderr is not a terminal.
 */
export function phaseProgress(job: string, stream: NodeJS.WriteStream = process.stderr): { onProgress?: ProgressListener; stop: () => void } {
  if (!stream.isTTY) return { onProgress: undefined, stop: () => undefined };
  let bar: SingleBar | undefined;
  let phase: string | undefined;
  let started = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
    phase = undefined;
  };
  const format = (options: Options, _params: Params, payload: { event: ProgressEvent }) =>
    phaseLine(job, payload.event, Date.now() - started, (fraction) => Format.BarFormat(fraction, options));
  return {
    onProgress(event) {
      if (event.phase !== phase) {
        stop();
        phase = event.phase;
        started = Date.now();
        bar = new SingleBar({ stream, format, barsize: 24 }, Presets.shades_classic);
        bar.start(1, 0, { event });
      }
      bar!.update(event.total ? event.done / event.total : 0, { event });
    },
    stop,
  };
}
