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

/** One member as a line, its values already decided by the caller's policy. */
export function exportLine(format: ExportFormat, columns: readonly ExportColumn[], values: readonly (string | null)[]): string {
  if (format === 'csv') return `${values.map(csvCell).join(',')}\n`;
  const object: Record<string, string | null> = {};
  columns.forEach((c, i) => (object[c] = values[i] ?? null));
  return `${JSON.stringify(object)}\n`;
}
