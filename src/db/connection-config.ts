import type { ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';

/** How a worker thread (or any connection of its own) connects: the DataSource's own settings, its connect timeout included. */
export function connectionOf(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as { url?: string; host?: string; port?: number; username?: string; password?: unknown; database?: string; ssl?: unknown; extra?: { Client?: { connectTimeoutMs?: number } } };
  const connectionTimeoutMillis = o.extra?.Client?.connectTimeoutMs;
  if (o.url) return { connectionString: o.url, ssl: o.ssl as ClientConfig['ssl'], connectionTimeoutMillis };
  return {
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof o.password === 'string' ? o.password : undefined,
    database: o.database,
    ssl: o.ssl as ClientConfig['ssl'],
    connectionTimeoutMillis,
  };
}
