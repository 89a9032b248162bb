// What one access-log entry costs to append, in CPU: the Node process and the PostgreSQL backends, per entry,
// for batches of a given size written the way the server writes reads (AuditLog.record through the append pool,
// fail-closed, each batch settled once it is on disk). CPU per entry is steadier than req/s on a shared VM,
// so it is the figure to compare between two builds of the appender.
//
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/bench/audit-append.js [--batch 8] [--batches 3000] [--rounds 3]
//
// Creates and drops its own database (tessera_bench_append) on the DATABASE_URL server. Each entry reads
// 56 fields, as a full profile query does.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { AccessRecord, Decision } from '../src/audit/access-entry';
import { openAppendPool } from '../src/audit/append-pool';
import { AuditLog } from '../src/audit/audit-log';
import { openDatabase, runMigrations } from '../src/db/data-source';
import { adminQuery, databaseCpu } from './bench-database';

const DB = 'tessera_bench_append';
const APP = 'tessera-bench-append';
const TYPES = ['Customer', 'ProfileName', 'ProfileEmail', 'ProfilePhone', 'ProfileAddress', 'CrmContact', 'SupportTicket'];
const NAMES = ['id', 'value', 'source', 'recordId', 'updatedAt', 'status', 'kind', 'createdAt'];

/** The field decisions of one full profile read: 56 coordinates, frozen like the privacy plan's (cached per operation). */
function profileFields(): Readonly<Record<string, Decision>> {
  const fields: Record<string, Decision> = {};
  for (const type of TYPES) for (const name of NAMES) fields[`${type}.${name}`] = name === 'value' ? 'masked' : 'allowed';
  return Object.freeze(fields);
}

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function main() {
  const { values } = parseArgs({ options: { batch: { type: 'string', default: '8' }, batches: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '3' } } });
  const batch = Number(values.batch);
  const batches = Number(values.batches);
  const rounds = Number(values.rounds);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL (the bench creates and drops its own database on that server)');
  await adminQuery(url, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE ${DB}`);
  const dbUrl = withDatabase(url, DB);
  const { dataSource: db } = await openDatabase({ url: dbUrl, poolSize: 2 });
  await runMigrations(db);
  const pool = openAppendPool({ url: dbUrl, applicationName: APP });
  const log = new AuditLog(pool, { failClosed: true });
  const fields = profileFields();
  const record = (i: number): AccessRecord => ({
    requestId: `req-${i}`,
    actor: `user-${i % 97}`,
    roles: ['admin'],
    purpose: 'support',
    client: 'bench',
    operationName: 'Profile',
    queryHash: 'ab'.repeat(32),
    customerIds: [uuid(i % 100_000)],
    fields,
    outcome: 'ok',
  });
  console.log(`access-log append cost: ${batches} batches of ${batch} entries per round, ${rounds} rounds, writer: append pool (fail-closed, flushed apart)`);
  let n = 0;
  // warm-up: connections, plans, the field set
  for (let b = 0; b < 200; b++) await Promise.all(Array.from({ length: batch }, () => log.record(record(n++))));
  for (let round = 1; round <= rounds; round++) {
    const cpu0 = process.cpuUsage();
    const pg0 = await databaseCpu(db);
    const append0 = await databaseCpu(db, APP);
    const flush0 = await databaseCpu(db, `${APP}-flush`);
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) await Promise.all(Array.from({ length: batch }, () => log.record(record(n++))));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const pg = (await databaseCpu(db)) - pg0;
    const append = (await databaseCpu(db, APP)) - append0;
    const flush = (await databaseCpu(db, `${APP}-flush`)) - flush0;
    const entries = batches * batch;
    const us = (x: number) => (x / entries).toFixed(1);
    console.log(
      `round ${round}: ${entries} entries in ${(wall / 1000).toFixed(2)} s; per entry: wall ${us(wall * 1000)} µs, ` +
        `Node CPU ${us(cpu.user + cpu.system)} µs, PostgreSQL backends ${us(pg * 1e6)} µs (appends ${us(append * 1e6)}, flushes ${us(flush * 1e6)})`,
    );
  }
  await log.close();
  await pool.close();
  await db.destroy();
  await adminQuery(url, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
