import { SingleBar, Presets } from 'cli-progress';
import type { ImportProgress } from '../ingest/import.service';

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
