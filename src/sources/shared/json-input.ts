// Reads a JSON document ({"users": [...]} or [...]) or NDJSON from one stream, both streamed: NDJSON line by
// line, a document record by record (json-document-scanner.ts), so a file of any size reads in the memory
// of one record. The first bytes decide which it is (readJsonOrNdjson).
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { FilePosition } from '../record';
import { documentError, documentOpening } from './document-in-ndjson';
import { JsonDocumentScanner, type ScanEvent } from './json-document-scanner';
import { FileError } from './result';
import { isObject, type JsonObject } from './values';

/**
 * One value read, with its line (NDJSON) or 1-based record index (document); `key` is the document's list
 * key; `at` (documents only) is where the record starts in the file.
 */
export type JsonItem =
  | { line: number; value: unknown; key?: string; at?: FilePosition }
  | { line: number; error: string; at?: FilePosition };

export interface JsonReadOptions {
  /** Top-level keys that hold the records in a document; the first of them in the document is read. */
  listKeys: readonly string[];
  /** A document that is itself one record (e.g. one member's activity as the API returns it). */
  isSingleRecord?: (document: JsonObject) => boolean;
  /** Largest record (and largest single-record document) read, in bytes; default 64 MiB. */
  maxRecordBytes?: number;
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function tryParse(textValue: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(textValue) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** NDJSON items from lines; blank lines are skipped but still counted. */
async function* ndjsonItems(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<JsonItem> {
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const parsed = tryParse(trimmed);
    yield parsed.ok ? { line, value: parsed.value } : { line, error: `invalid JSON: ${parsed.error}` };
  }
}

function readLines(input: Readable) {
  return createInterface({ input, crlfDelay: Infinity });
}

/** Plain NDJSON, streamed. A file that is one JSON document, or holds nothing, is unusable (a FileError). */
export async function* readNdjson(input: Readable): AsyncGenerator<JsonItem> {
  const lines = readLines(input);
  try {
    yield* ndjsonItems(notADocument(stripBom(lines)));
  } finally {
    lines.close();
    input.destroy(); // a caller that stops early leaves nobody else to read or close the file
  }
}

async function* stripBom(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const line of lines) {
    yield first ? line.replace(/^\uFEFF/, '') : line;
    first = false;
  }
}

/**
 * The lines, unless the first non-blank one opens a list, or opens an object that more lines follow (a JSON
 * document: a FileError before any line); lines are held back only while that is open. An empty file (or
 * blank lines only) is a FileError too, as an empty CSV is: an export that wrote nothing should not pass.
 */
async function* notADocument(lines: AsyncIterable<string>): AsyncGenerator<string> {
  const held: string[] = [];
  let first: string | undefined;
  let opening: 'list' | 'object' | undefined;
  for await (const line of lines) {
    if (first === undefined && line.trim() !== '') {
      first = line;
      opening = documentOpening(line);
      if (opening === 'list') throw documentError(line, opening);
    } else if (opening === 'object' && line.trim() !== '') throw documentError(first!, opening);
    if (opening === 'object' || first === undefined) held.push(line);
    else {
      yield* held.splice(0);
      yield line;
    }
  }
  if (first === undefined) throw new FileError(EMPTY);
  yield* held;
}

const EMPTY = 'the file is empty: no JSON document and no records';

const MIB = 1024 * 1024;
/** Lines held back while a file that is not a document might still turn out to be NDJSON. */
const MAX_HELD_LINES = 10_000;

/** The stream's chunks as bytes; text chunks (a stream with an encoding) are encoded without splitting a surrogate pair. */
async function* bytesOf(input: Readable): AsyncGenerator<Buffer> {
  let carry = '';
  for await (const chunk of input as AsyncIterable<Buffer | Uint8Array | string>) {
    if (typeof chunk !== 'string') {
      yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      continue;
    }
    let text = carry + chunk;
    carry = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text !== '') yield Buffer.from(text, 'utf8');
  }
  if (carry !== '') yield Buffer.from(carry, 'utf8');
}

type Opening =
  | { kind: 'document'; key?: string; events: ScanEvent[] }
  | { kind: 'ndjson'; head: Buffer[]; notJson?: string }
  | { kind: 'single'; head?: Buffer[] }
  | { kind: 'empty' };

function noListError(options: JsonReadOptions): FileError {
  const expected = options.listKeys.map((name) => `"${name}"`).join(', ');
  return new FileError(`JSON document has no list of records; expected a top-level ${expected}`);
}

/**
 * Reads until the kind of file is known, keeping the bytes read (up to maxHead) so NDJSON can start again
 * from the first one. A document when the first value is `[` or an object with one of the list keys holding
 * an array; NDJSON when the first line is a whole object without one; a one-record document when one object
 * spans several lines and nothing follows it; otherwise NDJSON if some line is an object, else not JSON.
 */
async function open(chunks: AsyncIterator<Buffer>, scanner: JsonDocumentScanner, maxHead: number, options: JsonReadOptions): Promise<Opening> {
  let head: Buffer[] | undefined = [];
  let held = 0;
  let closed = false;
  for (;;) {
    const next = await chunks.next();
    if (!next.done && head) {
      head.push(next.value);
      held += next.value.length;
      if (held > maxHead) head = undefined;
    }
    const events = next.done ? scanner.end() : scanner.push(next.value);
    for (const [k, event] of events.entries()) {
      if (event.type === 'list') return { kind: 'document', key: event.key, events: events.slice(k + 1) };
      if (event.type === 'closed' && !event.multiline) {
        if (!head) throw noListError(options);
        return { kind: 'ndjson', head };
      }
      if (event.type === 'closed') closed = true;
      if (event.type === 'break') {
        if (!head) throw new FileError(`not JSON or NDJSON: ${event.reason}`);
        return { kind: 'ndjson', head, notJson: event.reason };
      }
      if (event.type === 'end') return closed ? { kind: 'single', head } : { kind: 'empty' };
    }
    if (next.done) return { kind: 'empty' };
  }
}

/** V8's message with its position turned into the file's line and byte; the text excerpt it may quote is left out. */
function recordSyntaxError(text: string, at: FilePosition, message: string): string {
  const match = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  if (!match) return `invalid JSON in the record at line ${at.line} (byte ${at.byte}): ${message.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')}`;
  const before = text.slice(0, Number(match[1]));
  let line = at.line;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line += 1;
  return `invalid JSON at line ${line} (byte ${at.byte + Buffer.byteLength(before)}): ${message.slice(0, match.index)}`;
}

function recordItem(text: string, index: number, at: FilePosition, key: string | undefined): JsonItem {
  try {
    return { line: index, value: JSON.parse(text), key, at };
  } catch (error) {
    return { line: index, error: recordSyntaxError(text, at, (error as Error).message), at };
  }
}

/**
 * The records of a document, one at a time. A break in the document's frame after some records is reported
 * as a rejection and ends the file (the records before it are kept); before any record, the file is unusable.
 */
async function* documentRecords(opening: { key?: string; events: ScanEvent[] }, chunks: AsyncIterator<Buffer>, scanner: JsonDocumentScanner): AsyncGenerator<JsonItem> {
  let events = opening.events;
  for (;;) {
    for (const event of events) {
      if (event.type === 'record') yield recordItem(event.text, event.index, event.at, opening.key);
      else if (event.type === 'break') {
        if (event.records === 0) throw new FileError(`invalid JSON document: ${event.reason}`);
        yield { line: event.records + 1, error: `invalid JSON document: ${event.reason}`, at: event.at };
        return;
      } else if (event.type === 'end') return;
    }
    const next = await chunks.next();
    events = next.done ? scanner.end() : scanner.push(next.value);
  }
}

/** NDJSON again from the first byte: the bytes already read, then the rest of the stream. */
async function* replayNdjson(head: Buffer[], chunks: AsyncIterator<Buffer>, notJson: string | undefined): AsyncGenerator<JsonItem> {
  async function* all(): AsyncGenerator<Buffer> {
    yield* head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  const replay = Readable.from(all());
  const lines = readLines(replay);
  try {
    const items = ndjsonItems(stripBom(lines));
    yield* notJson === undefined ? items : withAnObject(items, notJson);
  } finally {
    lines.close();
    replay.destroy();
  }
}

/** A file that is not a document is NDJSON only if some line is an object; lines before the first one are held back. */
async function* withAnObject(items: AsyncIterable<JsonItem>, notJson: string): AsyncGenerator<JsonItem> {
  const held: JsonItem[] = [];
  let found = false;
  for await (const item of items) {
    if (found) yield item;
    else if ('value' in item && isObject(item.value)) {
      found = true;
      yield* held;
      yield item;
    } else if (held.push(item) > MAX_HELD_LINES) break;
  }
  if (!found) throw new FileError(`not JSON or NDJSON: ${notJson}`);
}

function singleRecord(head: Buffer[] | undefined, options: JsonReadOptions): JsonItem {
  if (!head) throw noListError(options);
  const text = Buffer.concat(head).toString('utf8').replace(/^\uFEFF/, '');
  const parsed = tryParse(text);
  if (!parsed.ok) throw new FileError(`invalid JSON document: ${parsed.error}`);
  if (isObject(parsed.value) && options.isSingleRecord?.(parsed.value)) return { line: 1, value: parsed.value };
  throw noListError(options);
}

/** A JSON document or NDJSON, told apart by the first bytes (see open), streamed either way. */
export async function* readJsonOrNdjson(input: Readable, options: JsonReadOptions): AsyncGenerator<JsonItem> {
  const maxRecordBytes = options.maxRecordBytes ?? 64 * MIB;
  const chunks = bytesOf(input)[Symbol.asyncIterator]();
  const scanner = new JsonDocumentScanner(options.listKeys, maxRecordBytes);
  try {
    const opening = await open(chunks, scanner, maxRecordBytes, options);
    if (opening.kind === 'document') yield* documentRecords(opening, chunks, scanner);
    else if (opening.kind === 'ndjson') yield* replayNdjson(opening.head, chunks, opening.notJson);
    else if (opening.kind === 'single') yield singleRecord(opening.head, options);
    else throw new FileError(EMPTY);
  } finally {
    input.destroy(); // a caller that stops early leaves nobody else to read or close the file
  }
}
