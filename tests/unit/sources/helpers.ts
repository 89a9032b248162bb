import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { getFormat, type FormatName } from '../../../src/sources/formats';
import type { MappedRecord, ParseResult } from '../../../src/sources/record';

export const FIXTURES = join(__dirname, '../../fixtures/sources');

/** Text as a stream in small chunks, so parsers meet chunk boundaries mid-line and mid-field. */
export function chunked(text: string, size = 7): Readable {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return Readable.from(chunks.length > 0 ? chunks : ['']);
}

export async function collect(results: AsyncIterable<ParseResult>): Promise<ParseResult[]> {
  const all: ParseResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

export function parseText(format: FormatName, fileName: string, text: string): Promise<ParseResult[]> {
  return collect(getFormat(format).parse(chunked(text), fileName));
}

export function parseFixture(format: FormatName, folder: string, fileName: string): Promise<ParseResult[]> {
  return collect(getFormat(format).parse(createReadStream(join(FIXTURES, folder, fileName)), fileName));
}

export function accepted(results: ParseResult[]): (MappedRecord & { line: number })[] {
  return results.flatMap((result) => (result.ok ? [{ ...result.record, line: result.line }] : []));
}

export function rejected(results: ParseResult[]): { line: number; reason: string }[] {
  return results.flatMap((result) => (result.ok ? [] : [{ line: result.line, reason: result.reason }]));
}

export function byId(results: ParseResult[], externalId: string): MappedRecord & { line: number } {
  const found = accepted(results).find((record) => record.externalId === externalId);
  if (!found) throw new Error(`no record ${externalId}`);
  return found;
}
