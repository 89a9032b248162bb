import type { DataSource } from 'typeorm';
import { AccessLogRepository, type SqlRunner } from './access-log.repository';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { writeCheckpointFile } from './checkpoint-files';
import { CheckpointRepository } from './checkpoint.repository';
import { canonicalTime } from './normalise-entry';
import type { SigningKey } from './signing-key';

export interface CheckpointOptions {
  key: SigningKey;
  /** Also write each checkpoint here (one JSON file each), outside the database's reach. */
  directory?: string;
}

export interface PruneResult {
  removed: number;
  prunedThrough: number;
  checkpoint: Checkpoint | null;
}

/** Signs the chain head, and prunes old entries behind a checkpoint that records the pruning first. */
export class AuditCheckpoints {
  private readonly entries = new AccessLogRepository();
  private readonly checkpoints = new CheckpointRepository();

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: CheckpointOptions,
  ) {}

  /** Signs the current head (null when the log has never had an entry). */
  async checkpoint(now: Date = new Date()): Promise<Checkpoint | null> {
    const written = await this.dataSource.transaction(async (sql) => {
      await this.entries.lockChain(sql);
      const previous = await this.latestPruning(sql);
      return this.write(sql, now, previous.prunedThrough, previous.prunedHash);
    });
    if (written && this.options.directory) await writeCheckpointFile(this.options.directory, written);
    return written;
  }

  /** Removes entries older than `days` days: checkpoint first (it names where the chain restarts), then delete. */
  async prune(days: number, now: Date = new Date()): Promise<PruneResult> {
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const result = await this.dataSource.transaction(async (sql): Promise<PruneResult> => {
      await this.entries.lockChain(sql);
      const through = await this.entries.lastPositionBefore(sql, cutoff);
      if (through === 0) return { removed: 0, prunedThrough: (await this.latestPruning(sql)).prunedThrough, checkpoint: null };
      const prunedHash = await this.entries.hashAt(sql, through);
      const checkpoint = await this.write(sql, now, through, prunedHash);
      const removed = await this.entries.prune(sql, through);
      return { removed, prunedThrough: through, checkpoint };
    });
    if (result.checkpoint && this.options.directory) await writeCheckpointFile(this.options.directory, result.checkpoint);
    return result;
  }

  private async write(sql: SqlRunner, now: Date, prunedThrough: number, prunedHash: string | null): Promise<Checkpoint | null> {
    const head = await this.entries.head(sql);
    if (head.position === 0 || head.hash === null) return null;
    const checkpoint = signCheckpoint(
      { position: head.position, headHash: head.hash, count: head.position, at: canonicalTime(now), prunedThrough, prunedHash },
      this.options.key,
    );
    await this.checkpoints.insert(sql, checkpoint);
    return checkpoint;
  }

  private async latestPruning(sql: SqlRunner): Promise<{ prunedThrough: number; prunedHash: string | null }> {
    const all = await this.checkpoints.all(sql);
    const pruned = all.filter((c) => c.prunedThrough > 0).sort((a, b) => b.prunedThrough - a.prunedThrough)[0];
    return pruned ? { prunedThrough: pruned.prunedThrough, prunedHash: pruned.prunedHash } : { prunedThrough: 0, prunedHash: null };
  }
}
