import { Pool } from 'pg';
import type { SqlRunner } from './access-log.repository';

/** What the appender needs of a database: one statement on its own (an append is one), or a unit of work in one transaction. */
export interface AuditWriter extends SqlRunner {
  transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T>;
}

export interface AppendPool extends AuditWriter {
  close(): Promise<void>;
}

/**
 * A small pool of its own for access-log appends, so that requests holding every API connection (slow or
 * blocked statements) cannot keep fail-closed entries from being written. With AUDIT_DATABASE_URL it logs in
 * as a role that may only INSERT and SELECT the log (tessera_audit_writer).
 */
export function openAppendPool(options: { url: string; max?: number; applicationName?: string }): AppendPool {
  const pool = new Pool({ connectionString: options.url, max: options.max ?? 2, application_name: options.applicationName ?? 'tessera-audit' });
  // An idle client that loses its connection must not crash the process; the next append reports it.
  pool.on('error', () => undefined);
  return {
    async transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: async (text, params) => (await client.query(text, params as unknown[])).rows });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async query(text: string, params?: unknown[]) {
      return (await pool.query(text, params)).rows;
    },
    close: () => pool.end(),
  };
}
