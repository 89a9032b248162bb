import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditObserver } from '../audit/audit-log';

/** One registry per app instance (no global state), exposed at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tessera_' });
  const pool: { stats?: () => PoolStats | undefined } = {};
  return {
    registry,
    httpDuration: new Histogram({
      name: 'tessera_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    auditWriteSeconds: new Histogram({
      name: 'tessera_audit_write_seconds',
      help: 'Access-log writes (one batch of entries): seconds until stored and flushed to disk',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    auditBatchEntries: new Histogram({
      name: 'tessera_audit_batch_entries',
      help: 'Access-log entries per write (group commit)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [registry],
    }),
    auditEntries: new Counter({
      name: 'tessera_audit_entries_total',
      help: 'Access-log entries of reads, imports and exports by result (stored; failed: a fail-closed request was refused, or fail-open kept it for a retry); mutations log in their own transaction and are not counted',
      labelNames: ['result'],
      registers: [registry],
    }),
    // Bounded labels only: an operation's name is the caller's to choose.
    graphqlOperations: new Counter({
      name: 'tessera_graphql_operations_total',
      help: 'GraphQL operations by type (query, mutation; unknown when the document did not parse or validate) and outcome (ok, or error: the response holds at least one error; most come with HTTP 200)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    graphqlErrors: new Counter({
      name: 'tessera_graphql_errors_total',
      help: 'Errors in GraphQL responses by code (INTERNAL_SERVER_ERROR, REQUEST_TIMEOUT, POLICY_DENIED, ...)',
      labelNames: ['code'],
      registers: [registry],
    }),
    dbPoolConnections: new Gauge({
      name: 'tessera_db_pool_connections',
      help: "Connections of the API's database pool: total (open), idle, and waiting (callers queued for one)",
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = pool.stats?.();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    }),
    /** Reports a pool in tessera_db_pool_connections until the returned function is called. */
    watchPool(stats: () => PoolStats | undefined): () => void {
      pool.stats = stats;
      return () => {
        if (pool.stats === stats) pool.stats = undefined;
      };
    },
  };
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Feeds the access log's writes into the registry (AuditLog.observe). */
export function auditMetrics(metrics: Metrics): AuditObserver {
  return {
    written(entries, seconds) {
      metrics.auditWriteSeconds.observe(seconds);
      metrics.auditBatchEntries.observe(entries);
      metrics.auditEntries.inc({ result: 'stored' }, entries);
    },
    failed(entries) {
      metrics.auditEntries.inc({ result: 'failed' }, entries);
    },
  };
}
