// Load test of the full customer profile query over the real HTTP app and a demo data set of N people.
//
//   npm run bench:profile -- [--people 100000] [--duration 20] [--warmup 3] [--connections 20]
//                            [--ids 1000] [--in-process] [--reset]
//
// Database: DATABASE_URL when set, else an embedded PostgreSQL in .data/bench-pg on port 54349
// (database tessera_bench; never the developer's .data/pg). See docs/benchmarks.md.
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Client } from 'pg';
import { isRole, ROLES, type Role } from '../src/api/auth/roles';
import { signToken, type TokenSettings } from '../src/api/auth/tokens';
import { buildTesseraSchema } from '../src/api/graphql/schema';
import { createApp } from '../src/app';
import { openAppendPool } from '../src/audit/append-pool';
import { openDatabase, runMigrations, type Database } from '../src/db/data-source';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres';
import { createLogger } from '../src/observability/logger';
import { createMetrics } from '../src/observability/metrics';
import { createServices } from '../src/services';
import { datasetState, demoDir, ensureDemoFiles, importDemo } from './dataset';
import { PROFILE_SELECTION } from './profile-selection';
import { runLoad, type LoadOptions, type LoadResult } from './load';

const BENCH_PG_DIR = '.data/bench-pg';
const BENCH_PG_PORT = 54349;
const BENCH_SHARED_BUFFERS = process.env.BENCH_SHARED_BUFFERS ?? '1GB';
const BENCH_DB = 'tessera_bench';
const BENCH_TOKENS: TokenSettings = {
  secret: 'tessera-bench-secret-not-for-production-0123456789',
  issuer: 'tessera',
  audience: 'tessera-api',
  ttlSeconds: 3600,
};

const PROFILE_QUERY = `query Profile($id: ID!) { customer(id: $id) { ${PROFILE_SELECTION} } }`;

interface Args {
  people: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  idPool: number;
  samples: number;
  inProcess: boolean;
  executor: 'compiled' | 'graphql-js';
  batching: boolean;
  role: Role;
  privacy: 'on' | 'off' | 'compare';
  audit: 'on' | 'off' | 'compare';
  pairs: number;
  /** Connection counts a compare runs its pairs at (default: --connections). */
  compareConnections: number[];
  /** A compare's offered rate (req/s) instead of as fast as answered: the same work on and off, CPU per request compared. */
  compareRate: number | undefined;
  auditWriter: 'append-pool' | 'shared';
  /** Requests do not wait for their entry (AUDIT_FAIL_CLOSED=false): the log's work without the closed loop's wait. */
  auditFailOpen: boolean;
  reset: boolean;
  poolSize: number;
}

function parseCli(): Args {
  const { values } = parseArgs({
    options: {
      people: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      ids: { type: 'string' },
      samples: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      executor: { type: 'string' },
      batching: { type: 'string' },
      role: { type: 'string' },
      privacy: { type: 'string' },
      audit: { type: 'string' },
      pairs: { type: 'string' },
      'compare-connections': { type: 'string' },
      'compare-rate': { type: 'string' },
      'audit-writer': { type: 'string' },
      'audit-fail-open': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run bench:profile -- [--people N] [--duration S] [--warmup S] [--connections C] [--ids K] [--samples K] [--in-process] [--executor compiled|graphql-js] [--batching on|off] [--reset]\n' +
        '  --people       demo people to load (default 100000, or BENCH_PEOPLE)\n' +
        '  --duration     measured seconds (default 20)\n' +
        '  --warmup       warm-up seconds before measuring (default 3)\n' +
        '  --connections  autocannon connections (default 20)\n' +
        '  --ids          size of the random customer id pool (default 1000)\n' +
        '  --samples      single requests whose SQL statements are counted exactly (default 5)\n' +
        '  --in-process   run autocannon in the server process instead of a forked child\n' +
        '  --executor     compiled (graphql-jit, default) or graphql-js\n' +
        '  --batching     on (default): concurrent requests share profile statements; off: one per request\n' +
        '  --role         role of the bench token (default admin; analyst exercises masks and pseudonyms)\n' +
        '  --privacy      on (default), off, or compare: after the run, alternate off/on phases and print the loss\n' +
        '  --audit        on (default, fail-closed access log), off, or compare (as --privacy)\n' +
        '  --audit-writer append-pool (default, as the server runs: own pool, commits flushed apart from the chain lock)\n' +
        '                 or shared (entries written on the API pool, each commit waiting for the disk)\n' +
        '  --audit-fail-open  answer without waiting for the entry (AUDIT_FAIL_CLOSED=false): the log\'s work without the wait\n' +
        '  --pairs        off/on phase pairs of a compare (default 2; more on a noisy machine: the median pair is printed too)\n' +
        '  --compare-connections 20,80  run a compare\'s pairs at each of these connection counts and also print the loss of\n' +
        '                 capacity: each mode\'s best rate over the counts (default: --connections only)\n' +
        '  --compare-rate R  offer R req/s in every phase instead of as many as answered: both servers do the same\n' +
        '                 work, so CPU per request and latency show what the feature costs (keep R below both capacities)\n' +
        '  --reset        with DATABASE_URL: drop the schema when it holds other data (embedded: always allowed)\n' +
        'env: DATABASE_URL, BENCH_PEOPLE, DB_POOL_SIZE (default 10)\n',
    );
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
    return n;
  };
  return {
    people: int('--people', values.people ?? process.env.BENCH_PEOPLE, 100_000, 1),
    durationSeconds: int('--duration', values.duration, 20, 1),
    warmupSeconds: int('--warmup', values.warmup, 3, 0),
    connections: int('--connections', values.connections, 20, 1),
    idPool: int('--ids', values.ids, 1000, 1),
    samples: int('--samples', values.samples, 5, 1),
    inProcess: values['in-process'] ?? false,
    executor: executorOf(values.executor),
    batching: onOff('--batching', values.batching, true),
    role: roleOf(values.role),
    privacy: modeOf('--privacy', values.privacy),
    audit: modeOf('--audit', values.audit),
    pairs: int('--pairs', values.pairs, 2, 1),
    compareRate: values['compare-rate'] === undefined ? undefined : int('--compare-rate', values['compare-rate'], 0, 1),
    compareConnections: (values['compare-connections'] ?? '').split(',').filter((c) => c.trim() !== '').map((c) => int('--compare-connections', c.trim(), 0, 1)),
    auditWriter: auditWriterOf(values['audit-writer']),
    auditFailOpen: values['audit-fail-open'] ?? false,
    reset: values.reset ?? false,
    poolSize: int('DB_POOL_SIZE', process.env.DB_POOL_SIZE, 10, 1),
  };
}

function roleOf(raw: string | undefined): Role {
  if (raw === undefined) return 'admin';
  if (!isRole(raw)) throw new Error(`--role must be one of ${ROLES.join(', ')}, got "${raw}"`);
  return raw;
}

function modeOf(flag: string, raw: string | undefined): Args['privacy'] {
  if (raw === undefined || raw === 'on' || raw === 'off' || raw === 'compare') return raw ?? 'on';
  throw new Error(`${flag} must be on, off or compare, got "${raw}"`);
}

function onOff(flag: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${flag} must be on or off, got "${raw}"`);
}

function auditWriterOf(raw: string | undefined): Args['auditWriter'] {
  if (raw === undefined || raw === 'append-pool' || raw === 'shared') return raw ?? 'append-pool';
  throw new Error(`--audit-writer must be append-pool or shared, got "${raw}"`);
}

function executorOf(raw: string | undefined): Args['executor'] {
  if (raw === undefined || raw === 'compiled' || raw === 'graphql-js') return raw ?? 'compiled';
  throw new Error(`--executor must be compiled or graphql-js, got "${raw}"`);
}

const print = (line = '') => process.stdout.write(`${line}\n`);

/** Slow statements (> 1 s, TypeORM's maxQueryExecutionTime) reported by the QueryCounter's pino logger. */
function slowSqlCollector() {
  const slow: { ms: number; sql: string }[] = [];
  const log = pino(
    { level: 'warn' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; ms?: number; sql?: string; err?: unknown };
        if (entry.msg === 'slow sql') slow.push({ ms: entry.ms ?? 0, sql: (entry.sql ?? '').replace(/\s+/g, ' ').slice(0, 140) });
        else process.stderr.write(line);
      },
    },
  );
  return { log, slow, take: () => slow.splice(0, slow.length) };
}

/**
 * CPU seconds used so far by the bench's PostgreSQL: its postmaster (from postmaster.pid) and that process's
 * children, so other clusters on the machine (a developer's, a test run's) do not count. Linux /proc; 0 elsewhere.
 */
function postgresCpuSeconds(): number {
  let ticks = 0;
  try {
    const postmaster = readFileSync(path.join(BENCH_PG_DIR, 'postmaster.pid'), 'utf8').split('\n')[0].trim();
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (pid !== postmaster && fields[1] !== postmaster) continue; // fields[1]: parent pid
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
        // backends that have exited (a pool closing idle connections) count in the postmaster's cutime, cstime
        if (pid === postmaster) ticks += Number(fields[13]) + Number(fields[14]);
      } catch {
        // process exited meanwhile
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100; // USER_HZ
}

/** Busy and total CPU seconds of the whole machine so far (Linux /proc/stat; zeros elsewhere). */
function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = fields[3] + fields[4]; // idle, iowait
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return { busy: 0, total: 0 };
  }
}

async function openBenchDatabase(args: Args, log: pino.Logger) {
  let embedded: EmbeddedPostgres | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const started = performance.now();
    // 1 GB of shared buffers, as one would give a 3.5 GB database on this 23 GB machine (PostgreSQL's 128 MB
    // default kept the 1,000 profiles' pages cycling through the OS cache: the profile statement's p99 24 → 16 ms).
    embedded = await startEmbeddedPostgres({ clusterDir: BENCH_PG_DIR, port: BENCH_PG_PORT, database: BENCH_DB, settings: { shared_buffers: BENCH_SHARED_BUFFERS }, exclusive: true });
    url = embedded.url;
    print(`database: embedded PostgreSQL in ${BENCH_PG_DIR}, port ${BENCH_PG_PORT}, database ${BENCH_DB}, shared_buffers ${BENCH_SHARED_BUFFERS} (up in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } else {
    print(`database: DATABASE_URL (${new URL(url).host}${new URL(url).pathname})`);
  }
  const open = async () => {
    const db = await openDatabase({ url: url!, poolSize: args.poolSize, log, applicationName: 'tessera-bench' });
    await runMigrations(db.dataSource);
    return db;
  };
  const reset = async (db: Database): Promise<Database> => {
    if (embedded) {
      await db.dataSource.destroy();
      const admin = new URL(url!);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      } finally {
        await client.end();
      }
      await ensureDatabase(admin.toString(), BENCH_DB);
      return open();
    }
    if (!args.reset) {
      throw new Error('the DATABASE_URL database holds other data than this bench data set; re-run with --reset to drop its schema');
    }
    await db.dataSource.query('DROP SCHEMA public CASCADE');
    await db.dataSource.query('CREATE SCHEMA public');
    await db.dataSource.destroy();
    return open();
  };
  return { db: await open(), embedded, reset, url: url! };
}

function forkLoadWorker(): ChildProcess {
  return fork(path.join(__dirname, 'load.js'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function loadIn(worker: ChildProcess | undefined, options: LoadOptions): Promise<LoadResult> {
  if (!worker) return runLoad(options);
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`load worker exited with ${code}`));
    worker.once('exit', onExit);
    worker.once('message', (message: { ok: boolean; result?: LoadResult; error?: string }) => {
      worker.off('exit', onExit);
      if (message.ok) resolve(message.result!);
      else reject(new Error(`load worker failed: ${message.error}`));
    });
    worker.send(options);
  });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const args = parseCli();
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const step of cleanups.reverse()) {
        try {
          await step();
        } catch (error) {
          process.stderr.write(`cleanup: ${String(error)}\n`);
        }
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping\n`);
      void cleanup().then(() => process.exit(130));
    });
  }

  try {
    print(`Tessera profile-query bench: ${fmt(args.people)} people, ${args.connections} connections, ${args.durationSeconds} s (+${args.warmupSeconds} s warm-up), executor ${args.executor}, batching ${args.batching ? 'on' : 'off'}, role ${args.role}, privacy ${args.privacy}, access log ${args.audit} (${args.auditWriter}${args.auditFailOpen ? ', fail-open' : ''})`);
    const sqlLog = slowSqlCollector();
    const opened = await openBenchDatabase(args, sqlLog.log);
    let db = opened.db;
    cleanups.push(async () => opened.embedded?.stop());
    cleanups.push(async () => {
      if (db.dataSource.isInitialized) await db.dataSource.destroy();
    });

    // ── data set ─────────────────────────────────────────────────────────
    const dir = demoDir(args.people);
    const files = await ensureDemoFiles(dir, args.people);
    print(files.generated ? `demo files: generated ${dir} in ${files.seconds.toFixed(1)} s` : `demo files: reusing ${dir}`);
    let state = await datasetState(db.dataSource, dir);
    if (!state.onlyThisDemo) {
      print(`database holds another data set (${fmt(state.customers)} customers): resetting it`);
      db = await opened.reset(db);
      state = await datasetState(db.dataSource, dir);
    }
    // The access log as the server wires it (runtime.ts): its own append pool, unless --audit-writer shared.
    const appendPool = args.auditWriter === 'append-pool' ? openAppendPool({ url: opened.url, applicationName: 'tessera-bench-audit' }) : undefined;
    if (appendPool) cleanups.push(() => appendPool.close());
    const services = createServices(db.dataSource, {
      region: 'US',
      audit: {
        signingKey: { dataDir: path.join(os.tmpdir(), 'tessera-audit-dev') },
        maxDelayMs: 10,
        failClosed: !args.auditFailOpen,
        ...(appendPool ? { writer: appendPool } : {}),
      },
    });
    if (state.customers > 0 && state.allSourcesImported) {
      print(`data set: reusing ${fmt(state.customers)} customers, ${fmt(state.sourceRecords)} source records (imported earlier:)`);
      for (const run of state.runs.filter((r) => r.status === 'succeeded')) {
        const seconds = run.seconds ?? 0;
        print(`  import ${run.source.padEnd(10)} ${fmt(run.records).padStart(10)} records in ${seconds.toFixed(1).padStart(6)} s  = ${fmt(run.records / Math.max(seconds, 0.001)).padStart(7)} records/s`);
      }
    } else {
      print(`data set: importing ${dir}${state.sourceRecords > 0 ? ` (resuming: ${fmt(state.sourceRecords)} records already in)` : ''}`);
      const started = performance.now();
      await importDemo(services, dir, print);
      for (const s of sqlLog.take()) print(`  slow sql during import: ${fmt(s.ms)} ms  ${s.sql}`);
      const totals = await datasetState(db.dataSource, dir);
      print(`  total ${((performance.now() - started) / 1000).toFixed(1)} s: ${fmt(totals.customers)} customers, ${fmt(totals.sourceRecords)} source records`);
    }
    // As `tessera import` and the demo seed do: traits are computed for every customer an import touched.
    // Without this the profile's `metrics` answered null and cost nothing (data sets built before 2026-11-26).
    const traits = await services.metrics.recompute();
    if (traits.customers > 0) print(`  traits computed for ${fmt(traits.customers)} customers in ${(traits.ms / 1000).toFixed(1)} s`);
    sqlLog.take();

    const ids: string[] = (
      await db.dataSource.query(`SELECT id::text AS id FROM customer ORDER BY md5(id::text) LIMIT $1`, [args.idPool])
    ).map((r: { id: string }) => r.id);
    if (ids.length === 0) throw new Error('no customers in the bench database');

    // ── server ───────────────────────────────────────────────────────────
    const schema = await buildTesseraSchema();
    const appWith = (privacy: 'on' | 'off', audit: 'on' | 'off' = args.audit === 'off' ? 'off' : 'on') =>
      createApp({
        schema,
        dataSource: db.dataSource,
        services,
        tokens: BENCH_TOKENS,
        log: createLogger('silent'),
        metrics: createMetrics(),
        region: 'US',
        production: false,
        executor: args.executor,
        profileBatching: args.batching,
        ...(privacy === 'off' ? { privacy: null } : {}),
        ...(audit === 'off' ? { audit: false } : {}),
        auditFailClosed: !args.auditFailOpen,
      });
    const { server, apollo } = await appWith(args.privacy === 'off' ? 'off' : 'on');
    let inFlight = 0;
    let completed = 0;
    server.on('request', (_req, res) => {
      inFlight += 1;
      res.once('close', () => {
        inFlight -= 1;
        completed += 1;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      await apollo.stop();
      await idle();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = signToken(BENCH_TOKENS, { role: args.role });
    // A request whose client went away still runs to the end: wait until the sockets are closed and the
    // DB pool has been idle for a while, so statements are counted in full and the pool closes cleanly.
    const pool = (db.dataSource.driver as unknown as { master?: { waitingCount: number; totalCount: number; idleCount: number } }).master;
    const idle = async () => {
      let quiet = 0;
      for (let i = 0; i < 600 && quiet < 5; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const busy = inFlight > 0 || (pool !== undefined && (pool.waitingCount > 0 || pool.idleCount < pool.totalCount));
        quiet = busy ? 0 : quiet + 1;
      }
    };

    // ── statements per request, one request at a time ────────────────────
    const perSample: number[] = [];
    const sampleMs: number[] = [];
    let bytes = 0;
    for (const id of ids.slice(0, args.samples)) {
      db.queries.reset();
      const started = performance.now();
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: PROFILE_QUERY, variables: { id } }),
      });
      const text = await response.text();
      sampleMs.push(performance.now() - started);
      perSample.push(db.queries.reset());
      const body = JSON.parse(text) as { data?: { customer: { id: string } | null }; errors?: unknown[] };
      if (response.status !== 200 || body.errors || !body.data?.customer) {
        throw new Error(`sample request failed (${response.status}): ${text.slice(0, 500)}`);
      }
      bytes += text.length;
    }
    print(
      `sample requests: ${perSample.length} × full profile, SQL statements per request ${perSample.join(', ')}; ` +
        `cold latency ${sampleMs.map((ms) => ms.toFixed(0)).join(', ')} ms; mean response ${fmt(bytes / perSample.length)} bytes`,
    );

    // ── load ─────────────────────────────────────────────────────────────
    const worker = args.inProcess ? undefined : forkLoadWorker();
    if (worker) {
      cleanups.push(async () => {
        if (worker.connected) worker.disconnect();
      });
    }
    const load = { url, token, query: PROFILE_QUERY, ids, connections: args.connections };
    if (args.warmupSeconds > 0) {
      const warm = await loadIn(worker, { ...load, durationSeconds: args.warmupSeconds });
      print(`warm-up: ${fmt(warm.requests)} requests in ${args.warmupSeconds} s (${fmt(warm.requestsPerSecond.mean, 1)} req/s)`);
    }
    await idle();

    let poolSamples = 0;
    let waitingSum = 0;
    let waitingMax = 0;
    const poolTimer = setInterval(() => {
      if (!pool) return;
      poolSamples += 1;
      waitingSum += pool.waitingCount;
      waitingMax = Math.max(waitingMax, pool.waitingCount);
    }, 50);
    db.queries.reset();
    completed = 0;
    sqlLog.take();
    const cpuBefore = process.cpuUsage();
    const pgBefore = opened.embedded ? postgresCpuSeconds() : 0;
    const machineBefore = machineCpuSeconds();
    const eluBefore = performance.eventLoopUtilization();
    const wallStart = performance.now();
    const result = await loadIn(worker, { ...load, durationSeconds: args.durationSeconds });
    await idle();
    const wall = (performance.now() - wallStart) / 1000;
    clearInterval(poolTimer);
    const statements = db.queries.reset();
    const served = completed;
    const cpu = process.cpuUsage(cpuBefore);
    const pgCpu = opened.embedded ? postgresCpuSeconds() - pgBefore : NaN;
    const elu = performance.eventLoopUtilization(eluBefore);
    const machineAfter = machineCpuSeconds();
    const machineBusy = machineAfter.busy - machineBefore.busy;
    const machineCores = (machineAfter.total - machineBefore.total) / wall;
    const slow = sqlLog.take();

    // ── report ───────────────────────────────────────────────────────────
    const serverCpu = (cpu.user + cpu.system) / 1e6;
    const row = (label: string, value: string) => print(`  ${label.padEnd(34)} ${value}`);
    print();
    print(`results (${worker ? 'autocannon in a forked child process' : 'autocannon in the server process'}, ${args.connections} connections, ${result.durationSeconds} s, pool of ${ids.length} customer ids, DB pool ${args.poolSize}):`);
    row('requests/s (mean ± stddev)', `${fmt(result.requestsPerSecond.mean, 1)} ± ${fmt(result.requestsPerSecond.stddev, 1)}  (min ${fmt(result.requestsPerSecond.min)}, max ${fmt(result.requestsPerSecond.max)} per 1 s sample)`);
    row('requests completed', `${fmt(result.requests)} (server saw ${fmt(served)})`);
    row('latency ms p50 / p90 / p99 / max', `${result.latencyMs.p50} / ${result.latencyMs.p90} / ${result.latencyMs.p99} / ${result.latencyMs.max}  (mean ${result.latencyMs.mean})`);
    row('errors / timeouts / non-2xx', `${result.errors} / ${result.timeouts} / ${result.non2xx}  (status codes ${JSON.stringify(result.statusCodes)})`);
    row('GraphQL errors / null customers', `${result.graphqlErrors} / ${result.nullCustomers}`);
    row('SQL statements per request', `${perSample.join(', ')} (single requests); ${fmt(statements / Math.max(served, 1), 2)} over the run (${fmt(statements)} / ${fmt(served)})`);
    const pct = (seconds: number) => `${fmt(seconds, 1)} s = ${fmt((100 * seconds) / wall)}% of one core`;
    row(worker ? 'server process CPU' : 'server + autocannon process CPU', `${pct(serverCpu)}; event loop utilisation ${fmt(100 * elu.utilization)}%`);
    if (opened.embedded) row('postgres CPU (all backends)', pct(pgCpu));
    if (worker) row('load generator CPU (child)', pct(result.loadCpuSeconds));
    if (machineBusy > 0) {
      const ours = serverCpu + (worker ? result.loadCpuSeconds : 0) + (opened.embedded ? pgCpu : 0);
      row('machine CPU busy', `${fmt((100 * machineBusy) / (wall * machineCores))}% of ${fmt(machineCores)} cores; other processes ${pct(Math.max(0, machineBusy - ours))}`);
    }
    row('DB pool waiters (mean / max)', pool ? `${fmt(waitingSum / Math.max(poolSamples, 1), 1)} / ${waitingMax}` : 'n/a');
    row('slow SQL (> 1 s) during the run', `${slow.length}${slow.length ? `: ${slow.slice(0, 3).map((s) => `${s.ms} ms ${s.sql}`).join(' | ')}` : ''}`);
    print(
      `RESULT ${JSON.stringify({
        people: args.people,
        mode: worker ? 'fork' : 'in-process',
        executor: args.executor,
        connections: args.connections,
        seconds: result.durationSeconds,
        reqPerSec: result.requestsPerSecond.mean,
        latencyMs: result.latencyMs,
        errors: result.errors,
        non2xx: result.non2xx,
        graphqlErrors: result.graphqlErrors,
        statementsSample: perSample,
        statementsPerRequest: Number((statements / Math.max(served, 1)).toFixed(2)),
        serverCpuPct: Math.round((100 * serverCpu) / wall),
        postgresCpuPct: Number.isNaN(pgCpu) ? null : Math.round((100 * pgCpu) / wall),
        loadCpuPct: worker ? Math.round((100 * result.loadCpuSeconds) / wall) : null,
        machineBusyPct: machineBusy > 0 ? Math.round((100 * machineBusy) / (wall * machineCores)) : null,
        otherCpuPct:
          machineBusy > 0
            ? Math.round((100 * Math.max(0, machineBusy - serverCpu - (worker ? result.loadCpuSeconds : 0) - (opened.embedded ? pgCpu : 0))) / wall)
            : null,
      })}`,
    );
    if (result.errors + result.non2xx + result.graphqlErrors > 0) process.exitCode = 1;

    // Same process, data and load generator: alternate phases against a second app without the feature.
    const compare = async (feature: 'privacy' | 'audit', label: string) => {
      const off = await (feature === 'privacy' ? appWith('off') : appWith(args.privacy === 'off' ? 'off' : 'on', 'off'));
      await new Promise<void>((resolve) => off.server.listen(0, '127.0.0.1', resolve));
      cleanups.push(async () => {
        await off.apollo.stop();
      });
      const offUrl = `http://127.0.0.1:${(off.server.address() as AddressInfo).port}`;
      const phaseSeconds = Math.max(5, Math.round(args.durationSeconds / 2));
      const counts = args.compareConnections.length > 0 ? args.compareConnections : [args.connections];
      // how the access log batched its writes in each phase (entries per write)
      let writes = 0;
      let entries = 0;
      const stopObserving = services.audit.log.observe({
        written: (n: number) => {
          writes += 1;
          entries += n;
        },
        failed: () => undefined,
      });
      cleanups.push(async () => stopObserving());
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const best: Record<'on' | 'off', { rate: number; connections: number }> = { on: { rate: 0, connections: 0 }, off: { rate: 0, connections: 0 } };
      for (const connections of counts) {
        const rates: Record<'on' | 'off', number[]> = { on: [], off: [] };
        const p99s: Record<'on' | 'off', number[]> = { on: [], off: [] };
        const perRequest: Record<'on' | 'off', { server: number[]; postgres: number[]; p50: number[] }> = {
          on: { server: [], postgres: [], p50: [] },
          off: { server: [], postgres: [], p50: [] },
        };
        const atCount = { ...load, connections, rate: args.compareRate };
        await loadIn(worker, { ...atCount, url: offUrl, durationSeconds: Math.max(args.warmupSeconds, 2) });
        const modes = Array.from({ length: args.pairs }, () => ['off', 'on'] as const).flat();
        for (const mode of modes) {
          await idle();
          const cpuAt = process.cpuUsage();
          const pgAt = opened.embedded ? postgresCpuSeconds() : NaN;
          const machineAt = machineCpuSeconds();
          [writes, entries] = [0, 0];
          const phase = await loadIn(worker, { ...atCount, url: mode === 'on' ? url : offUrl, durationSeconds: phaseSeconds });
          if (phase.errors + phase.non2xx + phase.graphqlErrors > 0) {
            process.exitCode = 1;
            print(`  ${label} ${mode} phase FAILED: ${phase.errors} errors, ${phase.non2xx} non-2xx, ${phase.graphqlErrors} GraphQL errors`);
          }
          rates[mode].push(phase.requestsPerSecond.mean);
          p99s[mode].push(phase.latencyMs.p99);
          // CPU per request splits a loss into work added (server, PostgreSQL) and time spent waiting.
          const served = Math.max(1, phase.requestsPerSecond.mean * phaseSeconds);
          const used = process.cpuUsage(cpuAt);
          const serverMs = (used.user + used.system) / 1000 / served;
          const pgMs = ((postgresCpuSeconds() - pgAt) * 1000) / served;
          const cpu = `server ${fmt(serverMs, 3)} ms` + (Number.isNaN(pgMs) ? '' : `, postgres ${fmt(pgMs, 3)} ms`);
          perRequest[mode].server.push(serverMs);
          perRequest[mode].postgres.push(pgMs);
          perRequest[mode].p50.push(phase.latencyMs.p50);
          const machine = machineCpuSeconds();
          const busy = machine.total > machineAt.total ? (100 * (machine.busy - machineAt.busy)) / (machine.total - machineAt.total) : NaN;
          const batching = writes > 0 ? `; ${fmt(entries / writes, 1)} entries per log write` : '';
          print(`  ${label} ${mode.padEnd(3)} phase, ${connections} connections: ${fmt(phase.requestsPerSecond.mean, 1)} req/s, p50 ${phase.latencyMs.p50} ms, p99 ${phase.latencyMs.p99} ms; CPU per request ${cpu}; machine ${fmt(busy, 0)}% busy${batching}`);
        }
        const loss = 100 * (1 - mean(rates.on) / mean(rates.off));
        // Each pair is an off phase and the on phase right after it: the machine's swings hit both alike.
        const pairLosses = rates.on.map((on, i) => 100 * (1 - on / rates.off[i])).sort((a, b) => a - b);
        const median = pairLosses.length % 2 ? pairLosses[(pairLosses.length - 1) / 2] : (pairLosses[pairLosses.length / 2 - 1] + pairLosses[pairLosses.length / 2]) / 2;
        print(`${label} (role ${args.role}, ${connections} connections): on ${fmt(mean(rates.on), 1)} req/s vs off ${fmt(mean(rates.off), 1)} req/s → loss ${fmt(loss, 1)}%; per pair ${pairLosses.map((l) => fmt(l, 1)).join(', ')}% (median ${fmt(median, 1)}%)`);
        print(`${feature.toUpperCase()} ${JSON.stringify({ role: args.role, connections, onReqPerSec: mean(rates.on), offReqPerSec: mean(rates.off), lossPct: Number(loss.toFixed(1)), medianPairLossPct: Number(median.toFixed(1)), onP99: p99s.on, offP99: p99s.off })}`);
        for (const mode of ['on', 'off'] as const) if (mean(rates[mode]) > best[mode].rate) best[mode] = { rate: mean(rates[mode]), connections };
        if (args.compareRate) {
          // the same offered load on both: what the feature adds is its work per request, and its wait
          const per = (mode: 'on' | 'off') => `server ${fmt(mean(perRequest[mode].server), 3)} ms, postgres ${fmt(mean(perRequest[mode].postgres), 3)} ms, p50 ${fmt(mean(perRequest[mode].p50), 1)} ms`;
          print(`${label} at ${args.compareRate} req/s offered (${connections} connections): on ${per('on')} vs off ${per('off')} per request`);
        }
      }
      if (counts.length > 1) {
        // Capacity: the most each server sustained at any of the counts. A closed loop of few clients also
        // counts the fail-closed wait as lost throughput; at the count where a server peaks it is busy throughout.
        const loss = 100 * (1 - best.on.rate / best.off.rate);
        print(`${label} capacity: on ${fmt(best.on.rate, 1)} req/s (at ${best.on.connections} connections) vs off ${fmt(best.off.rate, 1)} req/s (at ${best.off.connections}) → loss ${fmt(loss, 1)}%`);
        print(`${feature.toUpperCase()}_CAPACITY ${JSON.stringify({ role: args.role, counts, on: best.on, off: best.off, lossPct: Number(loss.toFixed(1)) })}`);
      }
    };
    if (args.privacy === 'compare') await compare('privacy', 'privacy enforcement');
    if (args.audit === 'compare') await compare('audit', 'access log');
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
