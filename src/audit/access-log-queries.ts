import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import type { ChainedEntry } from './access-entry';
import { ENTRY_COLUMNS, entryOfRow, type EntryRow } from './access-log.repository';
import { DENIED_ATTEMPT, filterSql, type AccessLogFilter } from './access-log-filter';
import { latestPruning, type Pruning } from './pruning';

export interface AccessLogPage {
  entries: ChainedEntry[];
  hasNextPage: boolean;
  /** Cursor after the last entry of this page (null on an empty page). */
  endCursor: string | null;
  cursors: string[];
}

export interface CountBy {
  key: string;
  count: number;
}

export const MAX_PAGE = 500;

export function positionCursor(position: number): string {
  return encodeCursor([String(position)]);
}

export function positionOfCursor(cursor: string): number {
  return Number(decodeCursor(cursor, 1)[0]);
}

/**
 * What auditors read. Newest first, keyset by position. Per-customer and per-actor views, denied attempts
 * and time windows are all the same filter. Entries hold ids and field names only.
 */
export class AccessLogQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: AccessLogFilter, first: number, after?: string | null): Promise<AccessLogPage> {
    const limit = Math.max(1, Math.min(first, MAX_PAGE));
    const { where, params } = filterSql(filter, 3);
    const before = after ? positionOfCursor(after) : null;
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM access_log_with_fields
       WHERE ($1::bigint IS NULL OR position < $1) AND ${where}
       ORDER BY access_log_with_fields.position DESC LIMIT $2`,
      [before, limit + 1, ...params],
    );
    const entries = rows.slice(0, limit).map(entryOfRow);
    const cursors = entries.map((e) => positionCursor(e.position));
    return { entries, hasNextPage: rows.length > limit, endCursor: cursors[cursors.length - 1] ?? null, cursors };
  }

  /** Where retention cut the log (null: nothing pruned); every answer lacks the entries through it. */
  pruning(): Promise<Pruning | null> {
    return latestPruning(this.dataSource);
  }

  topActors(filter: AccessLogFilter, limit = 10): Promise<CountBy[]> {
    return this.countBy(`actor`, filter, limit);
  }

  accessesByPurpose(filter: AccessLogFilter, limit = 50): Promise<CountBy[]> {
    return this.countBy(`purpose`, filter, limit);
  }

  /** Denied attempts per UTC day (key YYYY-MM-DD), oldest first: the entries `decision: denied` lists (DENIED_ATTEMPT). */
  async denialsPerDay(filter: AccessLogFilter): Promise<CountBy[]> {
    const { where, params } = filterSql(filter);
    const rows: { key: string; count: string }[] = await this.dataSource.query(
      `SELECT to_char(date_trunc('day', at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS key, count(*)::text AS count
       FROM access_log
       WHERE ${where} AND ${DENIED_ATTEMPT}
       GROUP BY 1 ORDER BY 1`,
      params,
    );
    return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
  }

  private async countBy(column: 'actor' | 'purpose', filter: AccessLogFilter, limit: number): Promise<CountBy[]> {
    const { where, params } = filterSql(filter, 2);
    const rows: { key: string; count: string }[] = await this.dataSource.query(
      `SELECT ${column} AS key, count(*)::text AS count FROM access_log WHERE ${where}
       GROUP BY ${column} ORDER BY count(*) DESC, ${column} LIMIT $1`,
      [limit, ...params],
    );
    return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
  }
}
