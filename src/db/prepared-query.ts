import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Hot read statements run as named prepared statements on the pool TypeORM owns: each connection plans
 * them once instead of on every request (planning cost more than execution for the profile queries).
 * Counted like every other statement.
 */
export class PreparedQueries {
  constructor(private readonly dataSource: DataSource) {}

  async query<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    this.dataSource.logger.logQuery(text);
    const result = await pool.query({ name, text, values });
    return result.rows as T[];
  }
}
