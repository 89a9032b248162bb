import type { Checkpoint } from './checkpoint';
import type { SqlRunner } from './access-log.repository';

interface CheckpointRow {
  position: string;
  head_hash: string;
  count: string;
  at: string;
  pruned_through: string;
  pruned_hash: string | null;
  key_id: string;
  signature: string;
}

function checkpointOfRow(r: CheckpointRow): Checkpoint {
  return {
    position: Number(r.position),
    headHash: r.head_hash,
    count: Number(r.count),
    at: r.at,
    prunedThrough: Number(r.pruned_through),
    prunedHash: r.pruned_hash,
    keyId: r.key_id,
    signature: r.signature,
  };
}

/** access_log_checkpoint: insert and read, never change. */
export class CheckpointRepository {
  async insert(sql: SqlRunner, c: Checkpoint): Promise<void> {
    await sql.query(
      `INSERT INTO access_log_checkpoint (position, head_hash, count, at, pruned_through, pruned_hash, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [c.position, c.headHash, c.count, c.at, c.prunedThrough, c.prunedHash, c.keyId, c.signature],
    );
  }

  /** Every checkpoint, oldest first (a few per day: small). */
  async all(sql: SqlRunner): Promise<Checkpoint[]> {
    const rows: CheckpointRow[] = await sql.query(`
      SELECT position::text, head_hash, count::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
             pruned_through::text, pruned_hash, key_id, signature
      FROM access_log_checkpoint ORDER BY access_log_checkpoint.position, id`);
    return rows.map(checkpointOfRow);
  }
}
