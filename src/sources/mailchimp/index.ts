import type { Readable } from 'node:stream';
import type { SourceFormat } from '../formats';
import type { FilePosition, ParseResult } from '../record';
import { fileStem, JSON_EXTENSIONS, selectByStem } from '../shared/files';
import { readJsonOrNdjson } from '../shared/json-input';
import { RecordError, rejection, toResults } from '../shared/result';
import { isObject, type JsonObject } from '../shared/values';
import { isWrapped, listWrapperReason, type Wrappers } from '../shared/wrappers';
import { activityResults } from './activity';
import { mapMember } from './member';

type Kind = 'member' | 'activity';

// Import order: members (people) first, then their activity.
const FILE_KINDS = new Map<string, Kind>([['members', 'member'], ['activity', 'activity']]);
const DOCUMENT_KINDS = new Map<string, Kind>([['members', 'member'], ['member_activity', 'activity']]);

// Mailchimp's single-member responses are the member itself, not wrapped: only the lists have keys.
const WRAPPERS: Wrappers = { singles: {}, lists: [...DOCUMENT_KINDS.keys()] };

/** One member's activity exactly as GET /lists/{list_id}/members/{hash}/activity returns it. */
function isActivityResponse(value: JsonObject): boolean {
  return Array.isArray(value.activity) && value.email_id !== undefined;
}

function kindFromFields(value: unknown): Kind {
  return isObject(value) && (Array.isArray(value.activity) || 'email_id' in value) ? 'activity' : 'member';
}

function results(value: unknown, line: number, kind: Kind, at: FilePosition | undefined): ParseResult[] {
  const wrapped = isObject(value) ? listWrapperReason(value, WRAPPERS) : undefined;
  if (wrapped !== undefined) return [rejection(line, wrapped, at)];
  if (kind === 'activity') return activityResults(value, line, at);
  return toResults(line, () => {
    if (!isObject(value)) throw new RecordError('record is not a JSON object');
    return mapMember(value);
  }, at);
}

async function* parse(input: Readable, fileName: string): AsyncGenerator<ParseResult> {
  const fileKind = FILE_KINDS.get(fileStem(fileName));
  const options = { listKeys: [...DOCUMENT_KINDS.keys()], isSingleRecord: (document: JsonObject) => isActivityResponse(document) || isWrapped(document, WRAPPERS) };
  for await (const item of readJsonOrNdjson(input, options)) {
    if ('error' in item) yield rejection(item.line, item.error, item.at);
    else yield* results(item.value, item.line, fileKind ?? DOCUMENT_KINDS.get(item.key ?? '') ?? kindFromFields(item.value), item.at);
  }
}

export const mailchimpJson: SourceFormat = {
  name: 'mailchimp-json',
  selectFiles: (fileNames) => selectByStem(fileNames, [...FILE_KINDS.keys()], JSON_EXTENSIONS),
  parse,
};
