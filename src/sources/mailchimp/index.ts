import type { Readable } from 'node:stream';
import type { SourceFormat } from '../formats';
import type { FilePosition, ParseResult } from '../record';
import { fileStem, JSON_EXTENSIONS, selectByStem } from '../shared/files';
import { readJsonOrNdjson } from '../shared/json-input';
import { RecordError, rejection, toResults } from '../shared/result';
import { isObject, type JsonObject } from '../shared/values';
import { activityResults } from './activity';
import { mapMember } from './member';

type Kind = 'member' | 'activity';

// Import order: members (people) first, then their activity.
const FILE_KINDS = new Map<string, Kind>([['members', 'member'], ['activity', 'activity']]);
const DOCUMENT_KINDS = new Map<string, Kind>([['members', 'member'], ['member_activity', 'activity']]);

/** One member's activity exactly as GET /lists/{list_id}/members/{hash}/activity returns it. */
function isActivityResponse(value: JsonObject): boolean {
  return Array.isArray(value.activity) && value.email_id !== undefined;
}

function kindFromFields(value: unknown): Kind {
  return isObject(value) && (Array.isArray(value.activity) || 'email_id' in value) ? 'activity' : 'member';
}

function results(value: unknown, line: number, kind: Kind, at: FilePosition | undefined): ParseResult[] {
  if (kind === 'activity') return activityResults(value, line, at);
  return toResults(line, () => {
    if (!isObject(value)) throw new RecordError('record is not a JSON object');
    return mapMember(value);
  }, at);
}

async function* parse(input: Readable, fileName: string): AsyncGenerator<ParseResult> {
  const fileKind = FILE_KINDS.get(fileStem(fileName));
  const options = { listKeys: [...DOCUMENT_KINDS.keys()], isSingleRecord: isActivityResponse };
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
