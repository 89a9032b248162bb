// Reads a JSON document ({"users": [...]} or [...]) or NDJSON from one stream. NDJSON streams line by
// line; a document has to be read whole anyway because JSON.parse needs all of it.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { isObject, type JsonObject } from './values';

/** One value read, with its line (NDJSON) or 1-based array index (document); `key` is the document's list key. */
export type JsonItem = { line: number; value: unknown; key?: string } | { line: number; error: string };

export interface JsonReadOptions {
  /** Top-level keys that hold the records in a document, in order of preference. */
  listKeys: readonly string[];
  /** A document that is itself one record (e.g. one member's activity as the API returns it). */
  isSingleRecord?: (document: JsonObject) => boolean;
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function tryParse(textValue: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(textValue) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function listKeyOf(value: unknown, keys: readonly string[]): string | undefined {
  return isObject(value) ? keys.find((key) => Array.isArray(value[key])) : undefined;
}

function* documentItems(document: unknown, options: JsonReadOptions): Generator<JsonItem> {
  if (Array.isArray(document)) {
    for (const [index, value] of document.entries()) yield { line: index + 1, value };
    return;
  }
  const key = listKeyOf(document, options.listKeys);
  if (key !== undefined) {
    for (const [index, value] of ((document as JsonObject)[key] as unknown[]).entries()) {
      yield { line: index + 1, value, key };
    }
  } else if (isObject(document) && options.isSingleRecord?.(document)) {
    yield { line: 1, value: document };
  } else {
    const expected = options.listKeys.map((name) => `"${name}"`).join(', ');
    throw new Error(`JSON document has no list of records; expected a top-level ${expected}`);
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

/** Plain NDJSON, streamed. */
export async function* readNdjson(input: Readable): AsyncGenerator<JsonItem> {
  const lines = readLines(input);
  try {
    yield* ndjsonItems(stripBom(lines));
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

async function* rest(head: string[], tail: AsyncIterator<string>): AsyncGenerator<string> {
  yield* head;
  for (let next = await tail.next(); !next.done; next = await tail.next()) yield next.value;
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

/**
 * A document when the first non-blank line starts with `[` or is an object with a list key; NDJSON when
 * it is any other object. When the first line is not JSON on its own (a pretty-printed document, or a
 * broken NDJSON line), the whole text decides.
 */
export async function* readJsonOrNdjson(input: Readable, options: JsonReadOptions): AsyncGenerator<JsonItem> {
  const lines = readLines(input);
  const tail = stripBom(lines)[Symbol.asyncIterator]();
  try {
    const head: string[] = [];
    let next = await tail.next();
    for (; !next.done; next = await tail.next()) {
      head.push(next.value);
      if (next.value.trim() !== '') break;
    }
    if (next.done) return;
    const first = next.value.trim();
    const parsed = tryParse(first);
    if (first.startsWith('[') || (parsed.ok && listKeyOf(parsed.value, options.listKeys))) {
      const whole = tryParse((await collect(rest(head, tail))).join('\n'));
      if (!whole.ok) throw new Error(`invalid JSON document: ${whole.error}`);
      yield* documentItems(whole.value, options);
    } else if (parsed.ok) {
      yield* ndjsonItems(rest(head, tail));
    } else {
      yield* fromWholeText(await collect(rest(head, tail)), options);
    }
  } finally {
    lines.close();
    input.destroy(); // a caller that stops early leaves nobody else to read or close the file
  }
}

function parsesAsObject(line: string): boolean {
  const parsed = tryParse(line.trim());
  return parsed.ok && isObject(parsed.value);
}

async function* fromWholeText(all: string[], options: JsonReadOptions): AsyncGenerator<JsonItem> {
  const whole = tryParse(all.join('\n'));
  if (whole.ok) {
    yield* documentItems(whole.value, options);
    return;
  }
  if (!all.some(parsesAsObject)) {
    throw new Error(`not JSON or NDJSON: ${whole.error}`);
  }
  yield* ndjsonItems(all);
}
