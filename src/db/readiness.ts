import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import { migrationsApplied } from './data-source';

export type Readiness = 'ready' | 'database unreachable' | 'migrations pending' | 'access log unreachable';

/**
 * What /readyz answers, within `timeoutMs` whatever the database does: one that accepts connections and never
 * answers held the probe (and a load balancer's check) forever. A step still running at the deadline is the
 * reason given.
 */
export async function readiness(dataSource: DataSource, accessLogReady: () => Promise<boolean>, timeoutMs: number): Promise<Readiness> {
  let failing: Readiness = 'database unreachable';
  const checks = (async (): Promise<Readiness> => {
    // On the pool's own connection with a read timeout: a connection that stopped answering is dropped, not kept.
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    await pool.query({ text: 'SELECT 1', query_timeout: timeoutMs } as QueryConfig);
    if (!(await migrationsApplied(dataSource))) return 'migrations pending';
    // fail-closed, every request needs the access log: its connection must answer too
    failing = 'access log unreachable';
    return (await accessLogReady()) ? 'ready' : 'access log unreachable';
  })().catch((): Readiness => failing);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Readiness>((resolve) => (timer = setTimeout(() => resolve(failing), timeoutMs)));
  try {
    return await Promise.race([checks, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
