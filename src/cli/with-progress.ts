import type { ResolveOptions, ResolveSummary } from '../identity/resolve.service';
import type { RecomputeOptions, RecomputeSummary } from '../metrics/metrics.service';
import type { Services } from '../services';
import { phaseProgress } from './progress';

/** A resolution with its phases on stderr (a terminal only; stdout keeps the summary). */
export async function resolveWithProgress(services: Services, options: ResolveOptions): Promise<ResolveSummary> {
  const progress = phaseProgress('resolve');
  try {
    return await services.resolver.resolve({ ...options, countReviewQueue: true, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
}

/** A metrics recompute with its progress on stderr (a terminal only). */
export async function recomputeWithProgress(services: Services, options: RecomputeOptions): Promise<RecomputeSummary> {
  const progress = phaseProgress('metrics');
  try {
    return await services.metrics.recompute({ ...options, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
}
