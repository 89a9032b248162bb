// Streaming file writers: rows go to disk as they are made, so memory stays flat.
import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';

const FLUSH_AT = 64 * 1024;

/** Buffers small writes into ~64 KiB chunks and respects stream backpressure. */
class FileSink {
  private readonly stream: WriteStream;
  private buffer = '';
  private error: Error | undefined;
  records = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => (this.error = error)); // surfaced by drain/close, never unhandled
  }

  protected append(text: string): void {
    this.buffer += text;
  }

  /** Call between batches: hands the buffer to the stream and waits if the stream is full. */
  async drain(): Promise<void> {
    if (this.error) throw this.error;
    if (this.buffer.length < FLUSH_AT) return;
    this.flushBuffer();
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(trailer = ''): Promise<void> {
    if (this.error) throw this.error;
    this.append(trailer);
    this.flushBuffer();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  /** Abandons the file after a failure. */
  destroy(): void {
    this.buffer = '';
    this.stream.destroy();
  }

  private flushBuffer(): void {
    if (this.buffer) this.stream.write(this.buffer);
    this.buffer = '';
  }
}

export type CsvValue = string | number | boolean | null | undefined;

/** RFC 4180 field: quoted only when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header of column names; rows are objects keyed by column. Lines end in LF. */
export class CsvSink extends FileSink {
  constructor(path: string, private readonly columns: readonly string[]) {
    super(path);
    this.append(columns.join(',') + '\n');
  }

  write(row: Record<string, CsvValue>): void {
    this.append(this.columns.map((column) => csvField(row[column])).join(',') + '\n');
    this.records++;
  }
}

/** `{"<key>": [` then one JSON object per line, then `]}`: valid JSON that streams line by line. */
export class JsonArraySink extends FileSink {
  constructor(path: string, key: string) {
    super(path);
    this.append(`{${JSON.stringify(key)}: [\n`);
  }

  write(value: unknown): void {
    this.append((this.records > 0 ? ',\n' : '') + JSON.stringify(value));
    this.records++;
  }

  override close(): Promise<void> {
    return super.close(this.records > 0 ? '\n]}\n' : ']}\n');
  }
}
