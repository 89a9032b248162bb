// Access log at scale: append N synthetic entries through AuditLog (batched, chained), then time verify.
//
//   npm run build && node dist/bench/audit-verify.js [--entries 1000000] [--batch 5000] [--buffered 50000] [--keep] [--reuse] [--workers 1,2,4]
//
// Needs DATABASE_URL (any database on the server; the bench creates and drops its own, tessera_bench_audit).
// --keep leaves the database in place; --reuse then times verify on it again without appending (the
// signing key is kept beside it in the temp folder). --workers 1,2,4 times verify once per thread count.
// Numbers go in docs/audit.md.
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { AccessRecord, Decision } from '../src/audit/access-entry';
import type { DataSource } from 'typeorm';
import { createAudit, type Audit } from '../src/audit/create-audit';
import { openDatabase, runMigrations } from '../src/db/data-source';
import { adminQuery } from './bench-database';

const DB = 'tessera_bench_audit';
const FIELDS = ['Customer.displayName', 'ProfileName.full', 'ProfileEmail.value', 'ProfilePhone.value', 'ProfileAddress.city', 'SupportTicket.subject', 'MarketingConsent.granted', 'JourneyEvent.type'];
const DECISIONS: Decision[] = ['allowed', 'allowed', 'allowed', 'masked', 'pseudonymised', 'redacted', 'denied'];
const ROLES = ['support_agent', 'marketing', 'analyst', 'admin'];

function uuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** A deterministic, plausible read: one to three customers, the profile fields with the policy's decisions. */
function syntheticRecord(i: number, at: Date): AccessRecord {
  const role = ROLES[i % ROLES.length];
  const fields: Record<string, Decision> = {};
  for (let f = 0; f < FIELDS.length; f++) fields[FIELDS[f]] = DECISIONS[(i + f * 3) % DECISIONS.length];
  return {
    requestId: `bench-${i}`,
    actor: `user-${i % 97}`,
    roles: [role],
    purpose: `${role}-purpose`,
    client: 'bench',
    operationName: 'Profile',
    queryHash: 'ab'.repeat(32),
    customerIds: Array.from({ length: 1 + (i % 3) }, (_, k) => uuid((i * 7 + k) % 50_000)),
    fields,
    outcome: i % 50 === 0 ? 'denied' : 'ok',
    at,
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function main() {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '1000000' },
      batch: { type: 'string', default: '5000' },
      buffered: { type: 'string', default: '50000' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      workers: { type: 'string', default: '1,2,4' },
    },
  });
  const entries = Number(values.entries);
  const batch = Number(values.batch);
  const buffered = Number(values.buffered);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL (the bench creates and drops its own database on that server)');
  const keyFile = path.join(os.tmpdir(), `${DB}-key.pem`);
  if (!values.reuse) {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await adminQuery(url, `CREATE DATABASE ${DB}`);
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  }
  const db = await openDatabase({ url: withDatabase(url, DB), poolSize: 4 });
  try {
    await runMigrations(db.dataSource);
    const audit = createAudit(db.dataSource, { signingKey: { privateKey: readFileSync(keyFile, 'utf8') } });
    if (!values.reuse) await fill(audit, db.dataSource, entries, batch, buffered);
    for (const workers of values.workers.split(',').map(Number)) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const report = await audit.verify({ workers });
      const used = process.cpuUsage(cpu);
      print(`verify ${report.entriesChecked} entries (${workers} worker${workers > 1 ? 's' : ''}), ok=${report.ok}`, performance.now() - t, report.entriesChecked);
      process.stdout.write(`  Node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s (this process, all threads)\n`);
    }
  } finally {
    await db.dataSource.destroy();
    if (!values.keep && !values.reuse) await adminQuery(url, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

/** Appends `entries` through append() and `buffered` more through record(), then signs a checkpoint. */
async function fill(audit: Audit, dataSource: DataSource, entries: number, batch: number, buffered: number): Promise<void> {
  const start = Date.now() - 30 * 86_400_000;

  let t = performance.now();
  for (let done = 0; done < entries; done += batch) {
    const n = Math.min(batch, entries - done);
    await audit.log.append(Array.from({ length: n }, (_, k) => syntheticRecord(done + k, new Date(start + (done + k) * 1000))));
    if ((done / batch) % 40 === 0) process.stdout.write(`  appended ${done + n}\n`);
  }
  const appendMs = performance.now() - t;
  print(`append ${entries} entries, batches of ${batch} (one INSERT each, chained under the lock)`, appendMs, entries);

  t = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < buffered; i++) pending.push(audit.log.record(syntheticRecord(entries + i, new Date())));
  await Promise.all(pending);
  print(`record() ${buffered} reads through the buffer (maxBatch 500, maxDelay 200 ms)`, performance.now() - t, buffered);

  t = performance.now();
  const checkpoint = await audit.checkpoints.checkpoint();
  process.stdout.write(`checkpoint at ${checkpoint?.position} in ${(performance.now() - t).toFixed(0)} ms\n`);

  const [{ size }] = await dataSource.query(`SELECT pg_size_pretty(pg_total_relation_size('access_log')) AS size`);
  process.stdout.write(`access_log with indexes: ${size}\n`);
}

function print(label: string, ms: number, count: number) {
  process.stdout.write(`${label}: ${(ms / 1000).toFixed(2)} s, ${Math.round(count / (ms / 1000)).toLocaleString('en-US')} entries/s\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
