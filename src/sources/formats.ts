import type { Readable } from 'node:stream';
import type { ParseResult } from './record';
import { mailchimpJson } from './mailchimp';
import { genericNdjson } from './ndjson';
import { salesforceCsv } from './salesforce';
import { zendeskJson } from './zendesk';

export type FormatName = 'salesforce-csv' | 'zendesk-json' | 'mailchimp-json' | 'ndjson';

export const FORMAT_NAMES: readonly FormatName[] = ['salesforce-csv', 'zendesk-json', 'mailchimp-json', 'ndjson'];

export interface SourceFormat {
  name: FormatName;
  /** Files of a folder this format reads, in import order (people first, then facts); names are base names. Unknown files are not returned. */
  selectFiles(fileNames: string[]): string[];
  /** Parse one file's content. fileName is the base name (used to decide the entity). Never throws for bad records: yields {ok:false,line,reason}. Throws a FileError (shared/result.ts) only when the whole file is unusable (e.g. not JSON at all, CSV without an Id column, unknown entity): the import rejects that file and goes on; any other error (the disk) ends the import. */
  parse(input: Readable, fileName: string): AsyncIterable<ParseResult>;
}

const FORMATS: Record<FormatName, SourceFormat> = {
  'salesforce-csv': salesforceCsv,
  'zendesk-json': zendeskJson,
  'mailchimp-json': mailchimpJson,
  ndjson: genericNdjson,
};

export function getFormat(name: string): SourceFormat {
  if (!(FORMAT_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown format "${name}"; expected one of: ${FORMAT_NAMES.join(', ')}`);
  }
  return FORMATS[name as FormatName];
}
