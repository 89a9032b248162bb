import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** Open, idle and waiting counts of the pool TypeORM owns (undefined once it is closed). */
export function poolStatsOf(dataSource: DataSource): { total: number; idle: number; waiting: number } | undefined {
  if (!dataSource.isInitialized) return undefined;
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined;
}
