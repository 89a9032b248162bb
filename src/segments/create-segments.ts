import type { DataSource } from 'typeorm';
import { TRAIT_CATALOG } from '../metrics/trait-catalog';
import type { Policy } from '../privacy/policy';
import { SegmentExporter } from './segment-export';
import { SegmentRepository } from './segment.repository';
import { SegmentService } from './segment.service';

export const DEFAULT_FATIGUE_DAYS = 7;

/** The segments domain over one DataSource and the policy in force (the server, the CLI, benches, tests). */
export function createSegments(dataSource: DataSource, options: { policy: Policy; fatigueDays?: number; now?: () => Date }) {
  const repo = new SegmentRepository(dataSource);
  const service = new SegmentService(repo, {
    policy: options.policy,
    traits: TRAIT_CATALOG,
    fatigueDays: options.fatigueDays ?? DEFAULT_FATIGUE_DAYS,
    now: options.now,
  });
  return { service, exporter: new SegmentExporter(dataSource) };
}

export type Segments = ReturnType<typeof createSegments>;
