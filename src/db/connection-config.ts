import type { ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Settings every connection of ours starts with. No JIT: our statements are short batches costed high
 * whenever statistics lag the data (a drained queue still counted at half a million rows). PostgreSQL then
 * compiled 300 functions for seconds to run a statement that takes milliseconds: a traits batch of 5,000
 * customers at 10^6 took 4.7–5.5 s with JIT and 0.8–1.0 s without, and an empty one 3.8 s (docs/metrics.md).
 */
export const SESSION_OPTIONS = '-c jit=off';

/** How a worker thread (or any connection of its own) connects: the DataSource's own settings, its connect timeout included. */
export function connectionOf(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as { url?: string; host?: string; port?: number; username?: string; password?: unknown; database?: string; ssl?: unknown; extra?: { Client?: { connectTimeoutMs?: number } } };
  const connectionTimeoutMillis = o.extra?.Client?.connectTimeoutMs;
  if (o.url) return { connectionString: o.url, ssl: o.ssl as ClientConfig['ssl'], connectionTimeoutMillis, options: SESSION_OPTIONS };
  return {
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof o.password === 'string' ? o.password : undefined,
    database: o.database,
    ssl: o.ssl as ClientConfig['ssl'],
    connectionTimeoutMillis,
    options: SESSION_OPTIONS,
  };
}
