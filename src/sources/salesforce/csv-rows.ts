// RFC 4180 CSV rows with the line each row starts on. csv-parse's own line counter miscounts CRLF inside
// quoted fields, so lines are counted from each record's raw text instead.
import { parse, type CsvError, type Options } from 'csv-parse';
import { pipeline, Transform, type Readable } from 'node:stream';
import { binaryCheck } from './binary-check';

export type CsvItem = { line: number; cells: string[] } | { line: number; error: string };

const LINE_BREAK = /\r\n|\r|\n/g;

function countBreaks(raw: string): number {
  return raw.match(LINE_BREAK)?.length ?? 0;
}

function describe(error: CsvError | undefined): string {
  if (error?.code === 'CSV_QUOTE_NOT_CLOSED') return 'invalid CSV: a quoted field is not closed before the end of the file';
  return `invalid CSV: ${error?.message ?? 'unreadable row'}`;
}

/** As large as a JSON record may be (json-input's maxRecordBytes). */
const MAX_RECORD_CHARS = 64 * 2 ** 20;

const tooLong = (max: number) =>
  `invalid CSV: a row longer than ${max} characters, most likely a quoted field that is not closed; the rest of the file was not read`;

/**
 * Every record including the header row, in file order; a row csv-parse cannot read becomes an error item.
 * A quote never closed makes the rest of the file one field: past `maxRecordChars` the row is refused and
 * the rows after it are not read (it grew until the process failed, with the rows before it in the batch
 * and the files after it never imported). The rest of the file is read through but not parsed: csv-parse
 * would copy the whole row again for every further chunk (a 150 MB file took 393 s).
 */
export async function* readCsv(input: Readable, { maxRecordChars = MAX_RECORD_CHARS } = {}): AsyncGenerator<CsvItem> {
  let linesBefore = 0;
  let skipped: CsvItem[] = [];
  let overflow: CsvItem | null = null;
  // Start line of the record whose raw text (with any blank lines before it) is `raw`.
  const startLine = (raw = ''): number => {
    const line = linesBefore + countBreaks(/^[\r\n]*/.exec(raw)?.[0] ?? '') + 1;
    linesBefore += countBreaks(raw);
    return line;
  };
  const options: Options<unknown, unknown> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Both callbacks run in file order, so a skipped row is attached to the record after it to keep order.
    max_record_size: maxRecordChars,
    on_skip: (error, raw) => {
      if (overflow) return undefined;
      if (error?.code === 'CSV_MAX_RECORD_SIZE') {
        // destroying the stream here would drop the rows parsed before it; the gate starves the parser instead
        overflow = { line: startLine(raw), error: tooLong(maxRecordChars) };
        return undefined;
      }
      skipped.push({ line: startLine(raw), error: describe(error) });
      return undefined;
    },
    // With `raw`, csv-parse hands over { record, raw }; what this returns is what the stream yields.
    on_record: (value: unknown, context) => {
      const cells = Array.isArray(value) ? value : (value as { record: string[] }).record;
      const item = { before: skipped, row: { line: startLine(context.raw), cells } };
      skipped = [];
      return item;
    },
  };
  const parser = parse(options as Options);
  const gate = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, overflow ? undefined : chunk);
    },
  });
  const rows = pipeline(input, binaryCheck(), gate, parser, () => undefined);
  for await (const { before, row } of rows as AsyncIterable<{ before: CsvItem[]; row: CsvItem }>) {
    yield* before;
    yield row;
  }
  yield* skipped;
  if (overflow) yield overflow;
}
