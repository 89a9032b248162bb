import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ensureDatabase } from '../src/db/embedded-postgres';

/** Creates the database a bench URL names (its path), through the same server's `postgres` database. */
export async function ensureBenchDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  await ensureDatabase(admin.toString(), name);
}

/** One statement on its own connection (CREATE/DROP DATABASE cannot run in a pool's transaction); its rows. */
export async function adminQuery(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds used so far by the PostgreSQL backends of the DataSource's database (same machine: /proc), or
 * only by those whose connections gave this application_name.
 */
export async function databaseCpu(ds: DataSource, applicationName?: string): Promise<number> {
  const rows: { pid: number }[] = applicationName
    ? await ds.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [applicationName])
    : await ds.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the backend ended meanwhile
    }
  }
  return ticks / 100;
}

