import type { DataSource } from 'typeorm';
import { MetricsRepository } from '../metrics/metrics.repository';
import { MetricsService } from '../metrics/metrics.service';
import { TRAIT_CATALOG } from '../metrics/trait-catalog';
import type { Policy } from '../privacy/policy';
import { SegmentExporter } from './segment-export';
import { SegmentRepository } from './segment.repository';
import { DEFAULT_FATIGUE_DAYS } from './segment-config';
import { SegmentService } from './segment.service';

/** The segments domain over one DataSource and the policy in force (the server, the CLI, benches, tests). */
export function createSegments(
  dataSource: DataSource,
  options: { policy: Policy; fatigueDays?: number; now?: () => Date; refreshWaitMs?: number; onBackgroundError?: (segmentId: string, error: unknown) => void },
) {
  const repo = new SegmentRepository(dataSource);
  const metrics = new MetricsService(new MetricsRepository(dataSource));
  const service = new SegmentService(repo, {
    policy: options.policy,
    traits: TRAIT_CATALOG,
    fatigueDays: options.fatigueDays ?? DEFAULT_FATIGUE_DAYS,
    now: options.now,
    // records changed since the last recompute (an import without it) are in the membership
    beforeRefresh: () => metrics.recompute(),
    refreshWaitMs: options.refreshWaitMs,
    onBackgroundError:
      options.onBackgroundError ??
      ((segmentId, error) => process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'background segment refresh failed', segmentId, err: String(error) })}\n`)),
  });
  return { service, exporter: new SegmentExporter(dataSource) };
}

export type Segments = ReturnType<typeof createSegments>;
