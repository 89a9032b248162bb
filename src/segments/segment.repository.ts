import type { DataSource, EntityManager } from 'typeorm';
import type { MembershipCounts } from './membership-sql';
import type { CompiledQuery } from './sql';

export type SegmentStatus = 'active' | 'archived';

/** What the last refresh found (stored with the segment; shown as its explanation). */
export interface RefreshStats extends MembershipCounts {
  consentChannel: string | null;
  fatigueDays: number;
  entered: number;
  left: number;
}

export interface SegmentRow {
  id: string;
  name: string;
  description: string;
  definition: unknown;
  purpose: string;
  status: SegmentStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  refreshedAt: Date | null;
  explanation: RefreshStats | null;
}

export interface MemberRow {
  customerId: string;
  enteredAt: Date;
}

export interface ChangeRow {
  id: string;
  customerId: string;
  change: 'entered' | 'left';
  at: Date;
  /** `at` with its microseconds (a Date keeps milliseconds): the keyset position. */
  exactAt: string;
}

/**
 * Segment statements run once per definition: a plan for the actual values (selectivity of a type, a
 * window, a threshold) beats the generic plan db/data-source.ts makes the pool's default (which also runs
 * without JIT: it cost ~190 ms of a sub-second count at a million customers and saved nothing). The hash aggregates of event
 * and source sets (hundreds of thousands of customers) spilled to disk at the default 4 MB of work_mem.
 */
export const CUSTOM_PLAN = "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL work_mem = '64MB'";

/** TypeORM answers an UPDATE … RETURNING with [rows, count]. */
const updatedRow = (result: [SegmentRow[], number]): SegmentRow => result[0][0]!;

const COLUMNS = `id, name, description, definition, purpose, status, created_by AS "createdBy", created_at AS "createdAt",
  updated_at AS "updatedAt", version, refreshed_at AS "refreshedAt", explanation`;

/** Segments, their membership snapshot and change log. SQL of the membership itself: membership-sql.ts. */
export class SegmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(em: EntityManager, s: { id: string; name: string; description: string; definition: unknown; purpose: string; createdBy: string }): Promise<SegmentRow> {
    const [row] = await em.query(
      `INSERT INTO segment (id, name, description, definition, purpose, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [s.id, s.name, s.description, JSON.stringify(s.definition), s.purpose, s.createdBy],
    );
    return row;
  }

  /** The segment, locked until the transaction ends (refreshes, updates and archiving of one segment are serial). */
  async lock(em: EntityManager, id: string): Promise<SegmentRow | null> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM segment WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async update(em: EntityManager, id: string, patch: { name: string; description: string; definition: unknown; purpose: string }): Promise<SegmentRow> {
    const result = await em.query(
      `UPDATE segment SET name = $2, description = $3, definition = $4, purpose = $5, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, patch.name, patch.description, JSON.stringify(patch.definition), patch.purpose],
    );
    return updatedRow(result);
  }

  /** Archived: every member leaves (with change rows), so tools syncing the segment drop them. */
  async archive(em: EntityManager, id: string): Promise<SegmentRow> {
    const [{ left }]: { left: number }[] = await em.query(
      `WITH gone AS (DELETE FROM segment_member WHERE segment_id = $1 RETURNING customer_id),
       logged AS (INSERT INTO segment_change (segment_id, customer_id, change, at)
                  SELECT $1, customer_id, 'left', clock_timestamp() FROM gone ORDER BY customer_id RETURNING 1)
       SELECT count(*)::int AS left FROM logged`,
      [id],
    );
    // the explanation describes the archiving as a refresh would: nobody is in, nobody entered, everyone left
    const result = await em.query(
      `UPDATE segment SET status = 'archived', version = version + 1, updated_at = now(), refreshed_at = clock_timestamp(),
         explanation = coalesce(explanation, '{}') || jsonb_build_object('members', 0, 'entered', 0, 'left', $2::int)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, left],
    );
    return updatedRow(result);
  }

  /** Runs a refresh statement (membership-sql.ts refreshSql) and stores its counts with the segment. */
  async refresh(em: EntityManager, id: string, statement: CompiledQuery, governance: { consentChannel: string | null; fatigueDays: number }): Promise<RefreshStats> {
    await em.query(CUSTOM_PLAN);
    const [r] = await em.query(statement.sql, statement.params);
    const stats: RefreshStats = { ...governance, matched: r.matched, withoutConsent: r.withoutConsent, fatigued: r.fatigued, members: r.members, entered: r.entered, left: r.left };
    await em.query(`UPDATE segment SET refreshed_at = $2, explanation = $3 WHERE id = $1`, [id, r.at, JSON.stringify(stats)]);
    return stats;
  }

  async get(id: string): Promise<SegmentRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM segment WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Keyset page by name then id. */
  async list(options: { first: number; after?: [string, string]; status?: SegmentStatus }): Promise<SegmentRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM segment
       WHERE ($2::text IS NULL OR (name, id) > ($2, $3::uuid)) AND ($4::text IS NULL OR status = $4)
       ORDER BY name, id LIMIT $1`,
      [options.first, options.after?.[0] ?? null, options.after?.[1] ?? null, options.status ?? null],
    );
  }

  async activeIds(): Promise<string[]> {
    return (await this.dataSource.query(`SELECT id FROM segment WHERE status = 'active' ORDER BY id`)).map((r: { id: string }) => r.id);
  }

  /** Members after `after` (a customer id), by customer id: one index range scan at any depth. */
  // Keyset statements come in two shapes (first page, later pages): with `$2 IS NULL OR …` the pool's generic
  // plan cannot start the index scan at the cursor and reads every earlier member (1 s at 900,000 deep).
  async members(segmentId: string, first: number, after: string | null): Promise<MemberRow[]> {
    const columns = `SELECT customer_id AS "customerId", entered_at AS "enteredAt" FROM segment_member`;
    return after === null
      ? this.dataSource.query(`${columns} WHERE segment_id = $1 ORDER BY customer_id LIMIT $2`, [segmentId, first])
      : this.dataSource.query(`${columns} WHERE segment_id = $1 AND customer_id > $2::uuid ORDER BY customer_id LIMIT $3`, [segmentId, after, first]);
  }

  async memberCount(segmentId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM segment_member WHERE segment_id = $1`, [segmentId]);
    return n;
  }

  /** Changes at or after `since`, oldest first, keyset by (at, id). */
  async changes(segmentId: string, since: Date, first: number, after: [string, string] | null): Promise<ChangeRow[]> {
    const columns = `SELECT c.id::text AS id, c.customer_id AS "customerId", c.change, c.at,
      to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "exactAt" FROM segment_change c`;
    // ordered by the qualified bigint: a bare `id` here is the text column above, and "100" sorts before "49"
    const order = 'ORDER BY c.at, c.id';
    return after === null
      ? this.dataSource.query(`${columns} WHERE c.segment_id = $1 AND c.at >= $2 ${order} LIMIT $3`, [segmentId, since, first])
      : this.dataSource.query(
          `${columns} WHERE c.segment_id = $1 AND c.at >= $2 AND (c.at, c.id) > ($3::timestamptz, $4::bigint) ${order} LIMIT $5`,
          [segmentId, since, after[0], after[1], first],
        );
  }

  /** A one-off segment statement, planned for its values (the pool forces generic plans for the hot reads). */
  async query<T>(statement: CompiledQuery): Promise<T[]> {
    return this.dataSource.transaction(async (em) => {
      await em.query(CUSTOM_PLAN);
      return em.query(statement.sql, statement.params);
    });
  }

  /** Journey types present in the data (a loose index scan: one probe per distinct type). */
  async eventTypes(): Promise<string[]> {
    const rows: { type: string }[] = await this.dataSource.query(
      `WITH RECURSIVE t AS (
         (SELECT type FROM journey_event ORDER BY type LIMIT 1)
         UNION ALL
         SELECT (SELECT e.type FROM journey_event e WHERE e.type > t.type ORDER BY e.type LIMIT 1) FROM t WHERE t.type IS NOT NULL
       ) SELECT type FROM t WHERE type IS NOT NULL`,
    );
    return rows.map((r) => r.type);
  }
}
