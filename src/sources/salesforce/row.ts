import { bool, timestamp } from '../shared/values';

/** One CSV data row: header name → cell text, as read. */
export type CsvRow = Record<string, string>;

export function isDeleted(row: CsvRow): boolean {
  return bool(row.IsDeleted, 'IsDeleted') ?? false;
}

export function lastModified(row: CsvRow): string | undefined {
  return timestamp(row.LastModifiedDate, 'LastModifiedDate');
}
