import type { Readable } from 'node:stream';
import type { SourceFormat } from '../formats';
import type { MappedRecord, ParseResult } from '../record';
import { fileStem, selectByStem } from '../shared/files';
import { FileError, toResults } from '../shared/result';
import { mapAccount } from './account';
import { mapContact } from './contact';
import { readCsv, type CsvItem } from './csv-rows';
import { mapOpportunity } from './opportunity';
import type { CsvRow } from './row';

type SalesforceEntity = 'contact' | 'account' | 'opportunity';

const ENTITIES: Record<SalesforceEntity, { required: string[]; map: (row: CsvRow) => MappedRecord }> = {
  contact: { required: ['Id'], map: mapContact },
  account: { required: ['Id', 'Name'], map: mapAccount },
  opportunity: { required: ['Id', 'Name', 'StageName'], map: mapOpportunity },
};
// Import order: people first, then the facts that point at them.
const FILE_STEMS: readonly SalesforceEntity[] = ['contact', 'account', 'opportunity'];

function entityOf(fileName: string, header: string[]): SalesforceEntity {
  const stem = fileStem(fileName);
  if ((FILE_STEMS as readonly string[]).includes(stem)) return stem as SalesforceEntity;
  if (header.includes('StageName')) return 'opportunity';
  if (header.includes('FirstName') || header.includes('LastName')) return 'contact';
  if (header.includes('Name')) return 'account';
  throw new FileError('cannot tell the Salesforce object; name the file Contact.csv, Account.csv or Opportunity.csv');
}

async function readHeader(items: AsyncIterator<CsvItem>): Promise<string[]> {
  const first = await items.next();
  if (first.done) throw new FileError('the file is empty: no header row');
  if ('error' in first.value) throw new FileError(`unreadable header row (${first.value.error})`);
  const header = first.value.cells.map((name) => name.trim());
  checkDelimiter(header);
  return header;
}

const OTHER_DELIMITERS: [string, string][] = [[';', "';'-separated"], ['\t', 'tab-separated'], ['|', "'|'-separated"]];

/**
 * A header read as one column that holds a ';' (Excel in a European locale) or a tab: the file is not
 * comma-separated, and "missing column Id" would hide that Id is its first word.
 */
function checkDelimiter(header: string[]): void {
  if (header.length !== 1) return;
  const found = OTHER_DELIMITERS.find(([delimiter]) => header[0]!.includes(delimiter));
  if (!found) return;
  const shown = header[0]!.length > 40 ? `${header[0]!.slice(0, 37)}...` : header[0]!;
  throw new FileError(`the header is one column ${JSON.stringify(shown)}: the file looks ${found[1]}; export it comma-separated (in Excel: CSV UTF-8 (Comma delimited))`);
}

function toRow(header: string[], cells: string[]): CsvRow {
  return Object.fromEntries(header.map((name, index) => [name, cells[index]]));
}

async function* rows(
  items: AsyncIterator<CsvItem>,
  header: string[],
  map: (row: CsvRow) => MappedRecord,
): AsyncGenerator<ParseResult> {
  for (let next = await items.next(); !next.done; next = await items.next()) {
    const item = next.value;
    if ('error' in item) {
      yield { ok: false, line: item.line, reason: item.error };
    } else if (item.cells.every((cell) => cell.trim() === '')) {
      continue; // a line of blanks is not a record
    } else if (item.cells.length !== header.length) {
      const reason = `row has ${item.cells.length} fields, the header has ${header.length}`;
      yield { ok: false, line: item.line, reason };
    } else {
      yield* toResults(item.line, () => map(toRow(header, item.cells)));
    }
  }
}

async function* parse(input: Readable, fileName: string): AsyncGenerator<ParseResult> {
  const items = readCsv(input)[Symbol.asyncIterator]();
  try {
    const header = await readHeader(items);
    const entity = ENTITIES[entityOf(fileName, header)];
    const missing = entity.required.filter((name) => !header.includes(name));
    if (missing.length > 0) {
      const columns = missing.map((name) => `"${name}"`).join(', ');
      throw new FileError(`missing column ${columns} (required: ${entity.required.join(', ')}); no row of the file can be read without it`);
    }
    yield* rows(items, header, entity.map);
  } finally {
    await items.return?.(undefined); // stops the CSV stream when the caller stops early
  }
}

export const salesforceCsv: SourceFormat = {
  name: 'salesforce-csv',
  selectFiles: (fileNames) => selectByStem(fileNames, FILE_STEMS, ['csv']),
  parse,
};
