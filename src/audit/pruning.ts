import type { SqlRunner } from './access-log.repository';

/**
 * Where the log was cut by retention: every answer over the log (a page, an export, a person's history)
 * lacks the entries at positions 1..through, whatever its filter, and says so with this.
 */
export interface Pruning {
  /** Entries at positions 1..through were removed under the retention policy. */
  through: number;
  /** The hash of entry `through`: the prev_hash the oldest kept entry carries. */
  hash: string;
  /** The signed checkpoint that records the pruning (written by it), and when. */
  checkpointPosition: number;
  prunedAt: string;
  /** The time of the oldest entry kept (null when none is kept): the log is complete from then on. */
  keptFrom: string | null;
}

const UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The furthest pruning the checkpoint table records, or null when nothing was ever pruned. */
export async function latestPruning(sql: SqlRunner): Promise<Pruning | null> {
  const rows: { through: string; hash: string; position: string; at: string; kept_from: string | null }[] = await sql.query(`
    SELECT c.pruned_through::text AS through, c.pruned_hash AS hash, c.position::text AS position, ${UTC('c.at')} AS at,
           (SELECT ${UTC('e.at')} FROM access_log e WHERE e.position > c.pruned_through ORDER BY e.position LIMIT 1) AS kept_from
    FROM access_log_checkpoint c
    WHERE c.pruned_through > 0
    ORDER BY c.pruned_through DESC, c.position, c.id
    LIMIT 1`);
  const r = rows[0];
  return r ? { through: Number(r.through), hash: r.hash, checkpointPosition: Number(r.position), prunedAt: r.at, keptFrom: r.kept_from } : null;
}
