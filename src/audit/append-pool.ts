import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { clientWithConnectTimeout, DEFAULT_CONNECT_TIMEOUT_MS } from '../db/connect-timeout';
import { SESSION_OPTIONS, withSessionOptions } from '../db/connection-config';
import type { SqlRunner } from './access-log.repository';

/** What the appender needs of a database: one statement on its own (an append is one), or a unit of work in one transaction. */
export interface AuditWriter extends SqlRunner {
  transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Present when this writer's appends commit without waiting for the disk (synchronous_commit off): resolves
   * once everything committed before the call is on disk. Absent: an append is durable when it returns.
   */
  durable?(): Promise<void>;
}

export interface AppendPool extends AuditWriter {
  durable(): Promise<void>;
  close(): Promise<void>;
}

// The pool runs a handful of fixed statements (the append); each gets a stable name, so node-postgres prepares
// it once per connection. Bounded, in case a caller ever passes varying text.
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= 100) names.clear();
    name = `tessera_audit_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A small pool of its own for access-log appends, so that requests holding every API connection (slow or
 * blocked statements) cannot keep fail-closed entries from being written. With AUDIT_DATABASE_URL it logs in
 * as a role that may only INSERT and SELECT the log (tessera_audit_writer).
 *
 * Appends commit with synchronous_commit off, so the chain lock is never held while the disk flushes; durable()
 * then forces the flush from a second small pool with a transaction that only takes an id (its commit record
 * is flushed synchronously, and with it all WAL before it). Appends go on back to back while earlier batches
 * wait for the disk, and a flush covers everything committed before it began.
 */
export function openAppendPool(options: { url: string; max?: number; applicationName?: string; connectTimeoutMs?: number }): AppendPool {
  const name = options.applicationName ?? 'tessera-audit';
  // a database that accepts connections and never answers fails the entry (fail-closed: the request) instead of holding it
  const Client = clientWithConnectTimeout(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  // Set at connection start-up (a SET from a connect handler would race the pool's first query). An `options`
  // in the URL wins over these: durable() checks that its own connection still commits synchronously.
  const appends = withSessionOptions(options.url, '-c synchronous_commit=off', SESSION_OPTIONS);
  const flushed = withSessionOptions(options.url, '-c synchronous_commit=on', SESSION_OPTIONS);
  const pool = new Pool({ connectionString: appends.url, max: options.max ?? 2, application_name: name, options: appends.options, Client });
  const flushes = new Pool({ connectionString: flushed.url, max: 2, application_name: `${name}-flush`, options: flushed.options, Client });
  // An idle client that loses its connection must not crash the process; the next append reports it.
  pool.on('error', () => undefined);
  flushes.on('error', () => undefined);
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
      // prepared once per connection: an append's parse and plan cost the backend about 15% of its CPU
      return (await pool.query({ name: statementName(text), text, values: params })).rows;
    },
    async durable() {
      const { rows } = await flushes.query(`SELECT txid_current(), current_setting('synchronous_commit') AS mode`);
      // With synchronous_commit off this commit would not wait for the disk either, and nothing would be flushed.
      if (rows[0].mode === 'off') throw new Error('the access log cannot confirm entries on disk: its flush connection has synchronous_commit=off (remove it from the URL options)');
    },
    close: async () => {
      await Promise.all([pool.end(), flushes.end()]);
    },
  };
}
