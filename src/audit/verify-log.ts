import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccessLogRepository } from './access-log.repository';
import { firstBreak, type ChainBreak } from './chain-break';
import { ChainChecker, classifyUnlinked } from './chain-checker';
import { checkpointSignatureProblem, type Checkpoint } from './checkpoint';
import { mergeCheckpoints, readCheckpointFiles } from './checkpoint-files';
import { CheckpointRepository } from './checkpoint.repository';
import { GENESIS_HASH } from './hash-chain';

export interface VerifyOptions {
  publicKeys: Map<string, KeyObject>;
  /** Checkpoint files kept outside the database, checked alongside the table's. */
  checkpointDirectory?: string;
  batchSize?: number;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries whose hash and link were confirmed. */
  entriesChecked: number;
  /** Where the walk began: after the last pruned entry a trusted checkpoint names (0: from genesis). */
  startedAfter: number;
  checkpointsChecked: number;
  /** The first position verification does not trust, and why. */
  firstBreak: ChainBreak | null;
  ms: number;
}

/**
 * Walks the whole log in position order, a batch at a time (the next batch is read while this one is
 * hashed), recomputing every hash and link and comparing with every signed checkpoint.
 */
export async function verifyLog(dataSource: DataSource, options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const entries = new AccessLogRepository();
  const batchSize = options.batchSize ?? 10_000;
  const checkpoints = mergeCheckpoints(
    await new CheckpointRepository().all(dataSource),
    options.checkpointDirectory ? await readCheckpointFiles(options.checkpointDirectory) : [],
  );
  const signatureBreak = firstBreak(
    checkpoints.map((c) => {
      const problem = checkpointSignatureProblem(c, options.publicKeys);
      return problem ? { position: c.position, reason: 'checkpoint-signature' as const, detail: problem } : null;
    }),
  );
  const trusted = checkpoints.filter((c) => !checkpointSignatureProblem(c, options.publicKeys));
  const start = restartPoint(trusted);
  const checker = new ChainChecker(start, trusted);

  let next = entries.after(dataSource, start.position, batchSize);
  for (;;) {
    const batch = await next;
    if (batch.length === 0) break;
    next = entries.after(dataSource, batch[batch.length - 1].position, batchSize);
    if (!batch.every((e) => checker.check(e))) {
      await next.catch(() => undefined);
      break;
    }
  }
  let walkBreak = checker.finish();
  if (checker.unlinked) walkBreak = classifyUnlinked(checker.unlinked, await entries.positionOfHash(dataSource, checker.unlinked.prevHash));
  const broken = firstBreak([signatureBreak, walkBreak]);
  return {
    ok: broken === null,
    entriesChecked: checker.checked,
    startedAfter: start.position,
    checkpointsChecked: checkpoints.length,
    firstBreak: broken,
    ms: Date.now() - started,
  };
}

/** The chain restarts after the furthest pruning a trusted checkpoint records. */
export function restartPoint(trusted: Checkpoint[]): { position: number; hash: string } {
  const pruned = trusted.filter((c) => c.prunedThrough > 0 && c.prunedHash).sort((a, b) => b.prunedThrough - a.prunedThrough)[0];
  return pruned ? { position: pruned.prunedThrough, hash: pruned.prunedHash! } : { position: 0, hash: GENESIS_HASH };
}

export function formatVerifyReport(r: VerifyReport): string {
  const lines = [
    `${r.ok ? 'OK' : 'BROKEN'}: ${r.entriesChecked} entries checked${r.startedAfter ? ` (after pruned position ${r.startedAfter})` : ''}, ` +
      `${r.checkpointsChecked} checkpoints, ${r.ms} ms`,
  ];
  if (r.firstBreak) lines.push(`first broken position: ${r.firstBreak.position} (${r.firstBreak.reason}): ${r.firstBreak.detail}`);
  return `${lines.join('\n')}\n`;
}
