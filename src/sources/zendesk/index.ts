import type { Readable } from 'node:stream';
import type { SourceFormat } from '../formats';
import type { MappedRecord, ParseResult } from '../record';
import { fileStem, JSON_EXTENSIONS, selectByStem } from '../shared/files';
import { readJsonOrNdjson } from '../shared/json-input';
import { RecordError, rejection, toResults } from '../shared/result';
import { isObject, type JsonObject } from '../shared/values';
import { isWrapped, refuseListWrapper, unwrapSingle, type Wrappers } from '../shared/wrappers';
import { mapTicket } from './ticket';
import { mapTicketMetrics } from './ticket-metrics';
import { mapUser } from './user';

// The file stem and the document key are the same name for each kind; the order is the import order.
const MAPPERS: Record<string, (value: JsonObject) => MappedRecord> = {
  users: mapUser,
  tickets: mapTicket,
  ticket_metrics: mapTicketMetrics,
};
const KINDS = Object.keys(MAPPERS);
// What GET /users/{id}, /tickets/{id} and /ticket_metrics/{id} return: the record under a singular key.
const WRAPPERS: Wrappers = { singles: { user: 'users', ticket: 'tickets', ticket_metric: 'ticket_metrics' }, lists: KINDS };

/** Without a known file name or document key, the fields tell what a line is. */
function kindFromFields(value: JsonObject): string {
  if ('ticket_id' in value && 'reopens' in value) return 'ticket_metrics';
  if ('requester_id' in value) return 'tickets';
  return 'users';
}

function mapOne(value: unknown, kind: string | undefined): MappedRecord {
  if (!isObject(value)) throw new RecordError('record is not a JSON object');
  // the wrapper names the record itself, so it says what it is before the file name does
  const wrapped = unwrapSingle(value, WRAPPERS);
  if (wrapped) return MAPPERS[wrapped.kind](wrapped.value);
  refuseListWrapper(value, WRAPPERS);
  return MAPPERS[kind ?? kindFromFields(value)](value);
}

async function* parse(input: Readable, fileName: string): AsyncGenerator<ParseResult> {
  const stem = fileStem(fileName);
  const fileKind = KINDS.includes(stem) ? stem : undefined;
  for await (const item of readJsonOrNdjson(input, { listKeys: KINDS, isSingleRecord: (document) => isWrapped(document, WRAPPERS) })) {
    if ('error' in item) yield rejection(item.line, item.error, item.at);
    else yield* toResults(item.line, () => mapOne(item.value, fileKind ?? item.key), item.at);
  }
}

export const zendeskJson: SourceFormat = {
  name: 'zendesk-json',
  selectFiles: (fileNames) => selectByStem(fileNames, KINDS, JSON_EXTENSIONS),
  parse,
};
