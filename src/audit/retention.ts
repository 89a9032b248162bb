import type { PruneResult } from './audit-checkpoints';

export const DAY_MS = 86_400_000;

export interface RetentionSchedule {
  stop(): void;
}

/**
 * Runs `prune` every `intervalMs` (the server: daily, first run one interval after start). Pruning is
 * idempotent and serialised by the chain lock, so several servers doing it at once only repeat a no-op.
 * A failure is reported and retried at the next tick; nothing is left half-done (checkpoint and delete
 * share a transaction).
 */
export function scheduleRetention(
  prune: () => Promise<PruneResult>,
  report: { pruned(result: PruneResult): void; failed(error: Error): void },
  intervalMs = DAY_MS,
): RetentionSchedule {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    prune()
      .then((result) => report.pruned(result))
      .catch((error: Error) => report.failed(error))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
