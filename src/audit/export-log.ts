import type { ChainedEntry } from './access-entry';
import type { AccessLogFilter } from './access-log-filter';
import type { AccessLogQueries } from './access-log-queries';

export type ExportFormat = 'ndjson' | 'csv';

export const CSV_COLUMNS = [
  'position', 'at', 'request_id', 'actor', 'roles', 'purpose', 'client', 'operation_name', 'query_hash',
  'customer_ids', 'fields', 'outcome', 'prev_hash', 'hash',
] as const;

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Lists inside a cell: roles and ids joined by `;`, fields as `coordinate=decision;…`. */
export function csvLine(e: ChainedEntry): string {
  const fields = Object.keys(e.fields).sort().map((k) => `${k}=${e.fields[k]}`).join(';');
  return `${[
    String(e.position), e.at, e.requestId, e.actor, e.roles.join(';'), e.purpose, e.client, e.operationName, e.queryHash,
    e.customerIds.join(';'), fields, e.outcome, e.prevHash, e.hash,
  ].map(csvCell).join(',')}\n`;
}

/** One line per entry, with prev_hash and hash, so an auditor's own tools can re-check the chain. */
export function ndjsonLine(e: ChainedEntry): string {
  return `${JSON.stringify(e)}\n`;
}

/** Streams a filtered log, newest first, a page at a time: memory stays flat for any size. */
export async function* exportLog(queries: AccessLogQueries, filter: AccessLogFilter, format: ExportFormat, pageSize = 500): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  let after: string | null = null;
  for (;;) {
    const page = await queries.page(filter, pageSize, after);
    for (const e of page.entries) yield format === 'csv' ? csvLine(e) : ndjsonLine(e);
    if (!page.hasNextPage) return;
    after = page.endCursor;
  }
}
