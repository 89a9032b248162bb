import { Client, type ClientConfig } from 'pg';

/** How long a new connection may take to be ready (TCP, TLS, authentication) unless DB_CONNECT_TIMEOUT_MS says otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

export type TimedClientClass = typeof Client & { connectTimeoutMs: number };

/**
 * A node-postgres Client class for a pool (its `Client` option) whose connection attempt gives up after `ms`.
 * Not the pool's own connectionTimeoutMillis: that also bounds the wait for a free connection of a busy
 * pool, and bulk jobs queue on their pool for minutes on purpose. A database that accepts connections and
 * never answers then fails a start, a request or a readiness probe instead of holding it forever.
 */
export function clientWithConnectTimeout(ms: number): TimedClientClass {
  const TimedClient = class extends Client {
    static connectTimeoutMs = ms;
    constructor(config?: string | ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: ms });
    }
  };
  return TimedClient as unknown as TimedClientClass;
}

/** pg's words for a connection attempt that ran out of time. */
export function isConnectTimeout(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /timeout expired|connection timeout/i.test(message);
}
