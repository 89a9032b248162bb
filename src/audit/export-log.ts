import type { ChainedEntry } from './access-entry';
import type { AccessLogFilter } from './access-log-filter';
import type { AccessLogQueries } from './access-log-queries';
import type { Pruning } from './pruning';

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

/**
 * The last line of an export of a pruned log: the entries through `through` are gone whatever the filter,
 * so a short history is not mistaken for a complete one. NDJSON: an object with `pruned` instead of
 * `position`; CSV: a row with an empty position, the pruning's time, `pruned through=…` as the outcome and
 * the hash the oldest kept entry links to.
 */
export function prunedLine(p: Pruning, format: ExportFormat): string {
  if (format === 'ndjson') return `${JSON.stringify({ pruned: p })}\n`;
  const outcome = `pruned through=${p.through} checkpoint=${p.checkpointPosition}${p.keptFrom ? ` kept_from=${p.keptFrom}` : ''}`;
  const cells = CSV_COLUMNS.map((c) => (c === 'at' ? p.prunedAt : c === 'outcome' ? outcome : c === 'hash' ? p.hash : ''));
  return `${cells.map(csvCell).join(',')}\n`;
}

/** Streams a filtered log, newest first, a page at a time: memory stays flat for any size. Ends with prunedLine after a pruning. */
export async function* exportLog(queries: AccessLogQueries, filter: AccessLogFilter, format: ExportFormat, pageSize = 500): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  let after: string | null = null;
  for (;;) {
    const page = await queries.page(filter, pageSize, after);
    for (const e of page.entries) yield format === 'csv' ? csvLine(e) : ndjsonLine(e);
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  // read after the last page: a pruning during the export is then named too
  const pruning = await queries.pruning();
  if (pruning) yield prunedLine(pruning, format);
}
