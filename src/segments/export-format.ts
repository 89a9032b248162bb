import type { ExportColumn } from './segment-export';

export type ExportFormat = 'ndjson' | 'csv';

/** RFC 4180 quoting, as the access-log export does it. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvHeader(columns: readonly ExportColumn[]): string {
  return `${columns.join(',')}\n`;
}

/**
 * One member as a line, its values already decided by the caller's policy. NDJSON is concatenated from the
 * JSON of each value (column names are fixed identifiers): no object per row.
 */
export function exportLine(format: ExportFormat, columns: readonly ExportColumn[], values: readonly (string | null)[]): string {
  if (format === 'csv') return `${values.map(csvCell).join(',')}\n`;
  let line = '{';
  for (let i = 0; i < columns.length; i++) line += `${i ? ',' : ''}"${columns[i]}":${JSON.stringify(values[i] ?? null)}`;
  return `${line}}\n`;
}
