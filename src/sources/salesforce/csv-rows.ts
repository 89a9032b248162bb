// RFC 4180 CSV rows with the line each row starts on. csv-parse's own line counter miscounts CRLF inside
// quoted fields, so lines are counted from each record's raw text instead.
import { parse, type CsvError, type Options } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';
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

/** Every record including the header row, in file order; a row csv-parse cannot read becomes an error item. */
export async function* readCsv(input: Readable): AsyncGenerator<CsvItem> {
  let linesBefore = 0;
  let skipped: CsvItem[] = [];
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
    on_skip: (error, raw) => {
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
  const rows = pipeline(input, binaryCheck(), parser, () => undefined);
  for await (const { before, row } of rows as AsyncIterable<{ before: CsvItem[]; row: CsvItem }>) {
    yield* before;
    yield row;
  }
  yield* skipped;
}
