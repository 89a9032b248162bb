import type { Readable } from 'node:stream';
import type { SourceFormat } from '../formats';
import type { MappedRecord, ParseResult } from '../record';
import { fileExtension } from '../shared/files';
import { readNdjson } from '../shared/json-input';
import { RecordError, toResults } from '../shared/result';
import { isObject, quote, requiredText } from '../shared/values';
import { mapInteraction } from './interaction';
import { mapPerson } from './person';

const EXTENSIONS = ['ndjson', 'jsonl'];

function mapLine(value: unknown): MappedRecord {
  if (!isObject(value)) throw new RecordError('line is not a JSON object');
  const type = requiredText(value.type, 'type');
  if (type === 'person') return mapPerson(value);
  if (type === 'interaction') return mapInteraction(value);
  throw new RecordError(`type must be 'person' or 'interaction', got ${quote(type)}`);
}

async function* parse(input: Readable): AsyncGenerator<ParseResult> {
  for await (const item of readNdjson(input)) {
    if ('error' in item) yield { ok: false, line: item.line, reason: item.error };
    else yield* toResults(item.line, () => mapLine(item.value));
  }
}

export const genericNdjson: SourceFormat = {
  name: 'ndjson',
  // Each line says what it is, so every NDJSON file is read, in name order.
  selectFiles: (fileNames) => fileNames.filter((name) => EXTENSIONS.includes(fileExtension(name))).sort((a, b) => a.localeCompare(b)),
  parse,
};
