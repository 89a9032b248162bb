// What the access log costs a segment export, without the million-customer data set: an export of N members
// (sorted random ids, as the export's cursor yields them) driven through the real ExportAuditTrail and
// AuditLog into a fresh database with every migration, lines thrown away. Prints wall time, members/s, the
// Node CPU of this process and the CPU of the database's backends, then checks that the chain verifies and
// times "who accessed customer X" (the auditor filter) for a few exported ids.
//
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/bench/segments/export-log-bench.js [--members 1000000] [--runs 2] [--small 20000] [--audit on|off]
//
// --small N: that many one-to-three-customer entries (GraphQL-like) are appended first, so the indexes are
// not empty. --sql runs one statement before the exports (measurement only, e.g. dropping an index to see
// what it costs). The bench creates and drops its own database (tessera_bench_export_log).
import 'reflect-metadata';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ExportAuditTrail } from '../../src/api/http/export-audit-trail';
import { createAudit } from '../../src/audit/create-audit';
import { AccessLogQueries } from '../../src/audit/access-log-queries';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { adminQuery, databaseCpu } from '../bench-database';

const DB = 'tessera_bench_export_log';
const log = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '2' },
      small: { type: 'string', default: '20000' },
      keep: { type: 'boolean', default: false },
      sql: { type: 'string', default: '' },
      audit: { type: 'string', default: 'on' },
    },
  });
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await adminQuery(url, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE ${DB}`);
  const u = new URL(url);
  u.pathname = `/${DB}`;
  const { dataSource: ds } = await openDatabase({ url: u.toString(), poolSize: 4 });
  try {
    await runMigrations(ds);
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const audit = createAudit(ds, { signingKey: { privateKey: key } });
    const small = Number(values.small);
    const record = audit.log.record.bind(audit.log);
    for (let done = 0; done < small; done += 5000) {
      await audit.log.append(
        Array.from({ length: Math.min(5000, small - done) }, (_, k) => ({
          requestId: `small-${done + k}`,
          actor: 'bench',
          roles: ['support_agent'],
          purpose: 'support_case',
          customerIds: Array.from({ length: 1 + ((done + k) % 3) }, () => randomUUID()),
          fields: { 'Query.customer': 'allowed' as const, 'Customer.displayName': 'allowed' as const },
          outcome: 'ok',
        })),
      );
    }
    // measurement only: e.g. --sql 'DROP INDEX access_log_customer_idx' (what one index costs)
    if (values.sql) await ds.query(String(values.sql));
    const members = Number(values.members);
    log(`export access-log bench: ${members} members per export, ${small} small entries first, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    // --audit off: the trail alone (its parts, its lines), what the log's writes cost by difference
    if (values.audit === 'off') audit.log.record = () => Promise.resolve();
    log('| run | members | time | members/s | Node CPU | PostgreSQL CPU | load |\n|---|---|---|---|---|---|---|');
    const probes: string[] = [];
    for (let run = 1; run <= Number(values.runs); run++) {
      const ids = Array.from({ length: members }, () => randomUUID()).sort();
      probes.push(ids[0]!, ids[Math.floor(members / 2)]!, ids[members - 1]!);
      const trail = new ExportAuditTrail(
        audit,
        {
          requestId: `export-${run}`,
          actor: 'bench',
          roles: ['admin'],
          purpose: 'administration',
          client: 'bench',
          operationName: 'segmentExport bench',
          queryHash: 'ab'.repeat(32),
          fields: { 'Query.segment': 'allowed', 'Segment.members': 'allowed', 'Customer.id': 'allowed', 'SegmentMemberEdge.enteredAt': 'allowed' },
        },
        () => Promise.resolve(),
      );
      const dbBefore = await databaseCpu(ds);
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (const id of ids) {
        if (trail.add(id, `{"id":"${id}","enteredAt":"2026-11-26T00:00:00.000Z"}\n`)) await trail.flush();
      }
      await trail.finish('exported');
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const dbUsed = (await databaseCpu(ds)) - dbBefore;
      log(`| ${run} | ${members} | ${seconds.toFixed(2)} s | ${Math.round(members / seconds)} | ${((used.user + used.system) / 1e6).toFixed(2)} s | ${dbUsed.toFixed(2)} s | ${os.loadavg()[0]!.toFixed(1)} |`);
    }
    audit.log.record = record;
    if (values.audit === 'off') return;
    const queries = new AccessLogQueries(ds);
    for (const id of probes.slice(0, 4)) {
      const started = performance.now();
      const page = await queries.page({ customerId: id }, 20);
      log(`who accessed ${id}: ${page.entries.length} entr${page.entries.length === 1 ? 'y' : 'ies'} in ${(performance.now() - started).toFixed(1)} ms`);
      if (page.entries.length === 0) throw new Error(`no entry names ${id}`);
    }
    const started = performance.now();
    const report = await audit.verify();
    log(`verify: ${report.entriesChecked} entries, ok=${report.ok}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (!report.ok) throw new Error(`the chain does not verify: ${JSON.stringify(report)}`);
    const [{ size }] = await ds.query(`SELECT pg_size_pretty(pg_total_relation_size('access_log')) AS size`);
    log(`access_log with its indexes: ${size}`);
  } finally {
    await ds.destroy();
    if (!values.keep) await adminQuery(url, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
