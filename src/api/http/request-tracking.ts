import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../../observability/metrics';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface RequestTracking {
  metrics: Metrics;
  log: Logger;
  /** Paths reported by name in the duration metric; anything else is `other` (bounded label values). */
  knownRoutes: ReadonlySet<string>;
  /** Paths with an id in them, reported by their pattern (e.g. `/segments/:id/export`). */
  routePatterns?: readonly { pattern: RegExp; route: string }[];
}

/**
 * Every HTTP request, whichever handler serves it: a request id (the caller's if it is safe, else a new one)
 * echoed in `x-request-id` and kept in `res.locals.requestId`, the duration metric and one log line at the end.
 */
export function trackRequest(tracking: RequestTracking, req: IncomingMessage, res: ServerResponse): string {
  const header = req.headers['x-request-id'];
  const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  // Express keeps an existing res.locals; the GraphQL endpoint, which bypasses Express, reads it too.
  (res as ServerResponse & { locals?: Record<string, unknown> }).locals = { requestId };
  res.setHeader('x-request-id', requestId);
  const end = tracking.metrics.httpDuration.startTimer();
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const path = (req.url ?? '').split('?')[0];
    end({ route: routeOf(tracking, path), status: String(res.statusCode) });
    tracking.log.info({ requestId, method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
  });
  return requestId;
}

function routeOf(tracking: RequestTracking, path: string): string {
  if (tracking.knownRoutes.has(path)) return path;
  return tracking.routePatterns?.find((p) => p.pattern.test(path))?.route ?? 'other';
}
