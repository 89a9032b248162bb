// Segments at a million customers: count of an attribute segment, of an event segment over 30 days, a
// refresh, export members/s over HTTP (with peak RSS) and members pages at shallow and deep keyset positions.
//
//   npm run bench:segments -- [--customers 1000000] [--fresh] [--skip counts,refresh,export,pages] [--audit on|off] [--runs 1] [--embedded]
//
// --skip refresh reuses the bench's segments without refreshing them again; --audit off stubs the export's
// access-log writes (measurement only: what the log costs); --runs repeats each export.
//
// Uses DATABASE_URL (a server; the bench creates and keeps its own database, tessera_bench_segments, and
// reuses the data set on the next run unless --fresh), or with --embedded its own PostgreSQL in
// .data/bench-segments-pg with shared_buffers 1GB (BENCH_SHARED_BUFFERS), as a server holding a million
// customers would be configured; PostgreSQL's 128 MB default reads every count's pages from the OS cache.
// Numbers go in docs/benchmarks.md.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { signToken, type TokenSettings } from '../../src/api/auth/tokens';
import { fieldShapesOf } from '../../src/api/graphql/privacy/field-shapes';
import { buildTesseraSchema } from '../../src/api/graphql/schema';
import { createApp } from '../../src/app';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import { loadPolicy } from '../../src/privacy/default-policy';
import os from 'node:os';
import { createSegments, type Segments } from '../../src/segments/create-segments';
import type { SegmentCaller } from '../../src/segments/segment.service';
import { createServices } from '../../src/services';
import { encodeCursor } from '../../src/shared/cursor';
import { fillConsent, synthesise } from './synthesise';
import { adminQuery, databaseCpu } from '../bench-database';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

const DB = 'tessera_bench_segments';
const SEGMENTS_PG_DIR = '.data/bench-segments-pg';
const TOKENS: TokenSettings = { secret: 'segments-bench-secret-0123456789abcdef', issuer: 'tessera', audience: 'tessera-api', ttlSeconds: 3600 };
const ADMIN: SegmentCaller = { subject: 'bench', roles: ['admin'], purpose: 'administration', purposes: ['administration'] };
const MARKETING: SegmentCaller = { subject: 'bench', roles: ['marketing'], purpose: 'marketing_email', purposes: ['marketing_email'] };

const DEFINITIONS = {
  attributes: { and: [{ trait: { name: 'experienceScore', op: 'lt', value: 40 } }, { trait: { name: 'openRate30d', op: 'gte', value: 20 } }] },
  attributesWide: { or: [{ trait: { name: 'lifetimeValue', op: 'gte', value: 2500 } }, { trait: { name: 'lastEngagedAt', op: 'withinDays', value: 30 } }] },
  country: { profile: { attribute: 'country', op: 'in', value: ['GB', 'IE'] } },
  countryAndTrait: { and: [{ profile: { attribute: 'country', op: 'in', value: ['GB', 'IE'] } }, { trait: { name: 'experienceScore', op: 'lt', value: 40 } }] },
  birthYears: { profile: { attribute: 'birthYear', op: 'between', value: [1980, 1989] } },
  source: { source: { system: 'support' } },
  events30d: { event: { type: 'email_opened', atLeast: 2, withinDays: 30 } },
  eventsAndTraits: { and: [{ event: { type: 'email_opened', atLeast: 2, withinDays: 30 } }, { trait: { name: 'experienceScore', op: 'gte', value: 50 } }] },
};

const log = (message: string) => process.stdout.write(`${message}\n`);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const ms = (started: number) => performance.now() - started;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function openBenchDatabase(url: string, customers: number, fresh: boolean): Promise<{ ds: DataSource; asOf: Date }> {
  const exists = (await adminQuery(url, `SELECT 1 FROM pg_database WHERE datname = '${DB}'`)).length > 0;
  if (fresh && exists) await adminQuery(url, `DROP DATABASE ${DB} WITH (FORCE)`);
  if (fresh || !exists) await adminQuery(url, `CREATE DATABASE ${DB}`);
  const u = new URL(url);
  u.pathname = `/${DB}`;
  const { dataSource: ds } = await openDatabase({ url: u.toString(), poolSize: 6 });
  await runMigrations(ds);
  await ds.query(`CREATE TABLE IF NOT EXISTS bench_meta (customers integer NOT NULL, as_of timestamptz NOT NULL)`);
  const [meta] = await ds.query(`SELECT customers, as_of AS "asOf" FROM bench_meta`);
  if (meta && meta.customers === customers) {
    // data sets built before synthesise wrote customer_consent have it empty (governed counts matched nobody)
    const [consent] = await ds.query(`SELECT EXISTS (SELECT 1 FROM customer_consent) AS filled`);
    if (!consent.filled) {
      await fillConsent(ds);
      await ds.query('VACUUM ANALYZE customer_consent');
    }
    return { ds, asOf: new Date(meta.asOf) };
  }
  if (meta) throw new Error(`${DB} holds ${meta.customers} customers; run with --fresh to rebuild for ${customers}`);
  const asOf = new Date();
  const started = performance.now();
  await synthesise(ds, customers, asOf);
  await ds.query(`INSERT INTO bench_meta VALUES ($1, $2)`, [customers, asOf]);
  log(`synthesised ${customers} customers in ${(ms(started) / 1000).toFixed(0)} s`);
  return { ds, asOf };
}

/** Median and best of `runs` timings of `work`, after one warm-up. */
async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ result: T; median: number; best: number }> {
  let result = await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await work();
    times.push(ms(started));
  }
  times.sort((a, b) => a - b);
  return { result, median: pct(times, 50), best: times[0]! };
}

async function counts(segments: Segments): Promise<void> {
  log('\n| segment | customers | median | best |\n|---|---|---|---|');
  for (const [name, definition] of Object.entries(DEFINITIONS)) {
    const t = await timed(3, () => segments.service.count(ADMIN, definition));
    log(`| ${name} | ${t.result} | ${t.median.toFixed(0)} ms | ${t.best.toFixed(0)} ms |`);
  }
  const governed = await timed(3, () => segments.service.preview(MARKETING, DEFINITIONS.attributes, 10));
  log(`| attributes, previewed for marketing_email (consent + fatigue) | ${governed.result.members} of ${governed.result.matched} | ${governed.median.toFixed(0)} ms | ${governed.best.toFixed(0)} ms |`);
}

async function refreshes(segments: Segments, again: boolean): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  log('\n| refresh (set-based diff against the snapshot) | members | entered | left | time |\n|---|---|---|---|---|');
  for (const [name, caller, definition] of [
    ['everyone', ADMIN, { trait: { name: 'asOf', op: 'isNotNull' } }],
    ['a tenth', ADMIN, { trait: { name: 'experienceScore', op: 'lt', value: 10 } }],
    ['events30d (marketing_email)', MARKETING, DEFINITIONS.events30d],
  ] as const) {
    const existing = (await segments.service.list({ first: 100 })).find((s) => s.name === name);
    let started = performance.now();
    const row = existing ?? (await segments.service.create(caller, { name, definition }));
    const first = ms(started);
    log(`| ${name}: first | ${row.explanation?.members} | ${row.explanation?.entered} | 0 | ${existing ? '(reused)' : `${(first / 1000).toFixed(1)} s`} |`);
    ids[name] = row.id;
    if (!again) continue;
    started = performance.now();
    const stats = await segments.service.refresh(row.id);
    log(`| ${name}: again, nothing changed | ${stats!.members} | ${stats!.entered} | ${stats!.left} | ${(ms(started) / 1000).toFixed(1)} s |`);
  }
  return ids;
}

interface HttpOptions {
  exports: boolean;
  pages: boolean;
  audit: boolean;
  runs: number;
}

async function overHttp(ds: DataSource, segments: Segments, ids: Record<string, string>, options: HttpOptions): Promise<void> {
  const services = createServices(ds, { region: 'GB' });
  // measurement only: what the export's access-log writes cost (the export itself is unchanged)
  if (!options.audit) services.audit.log.record = () => Promise.resolve();
  const appDeps = {
    schema: await buildTesseraSchema(),
    dataSource: ds,
    services,
    tokens: TOKENS,
    log: createLogger('silent'),
    metrics: createMetrics(),
    region: 'GB' as const,
    production: false,
  };
  const { server, apollo } = await createApp(appDeps);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bearer = signToken(TOKENS, { role: 'admin', subject: 'segments-bench' });
  try {
    if (options.exports) {
      log(`\n| export over HTTP (admin, access log ${options.audit ? 'on' : 'stubbed'}) | fields | members | time | members/s | CPU: Node (server and client) | CPU: PostgreSQL backends | load average | RSS before → peak (server and client in one process) |\n|---|---|---|---|---|---|---|---|---|`);
      for (const [segment, fields] of [
        ['a tenth', 'id,enteredAt'],
        ['everyone', 'id,enteredAt'],
        ['a tenth', 'id,displayName,enteredAt'],
        ['a tenth', 'id,displayName,email,enteredAt'],
      ]) {
        for (let run = 0; run < options.runs; run++) await exportOnce(ds, url, bearer, ids[segment!]!, segment!, fields!);
      }
    }
    if (options.pages) {
      const unlogged = await createApp({ ...appDeps, metrics: createMetrics(), audit: false });
      await new Promise<void>((resolve) => unlogged.server.listen(0, '127.0.0.1', resolve));
      try {
        await pages({ logged: url, unlogged: `http://127.0.0.1:${(unlogged.server.address() as AddressInfo).port}` }, bearer, segments, ids.everyone!);
      } finally {
        await unlogged.apollo.stop();
      }
    }
  } finally {
    await apollo.stop();
    await services.audit.log.flush();
  }
}

async function exportOnce(ds: DataSource, url: string, bearer: string, segmentId: string, label: string, fields: string): Promise<void> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const cpu = process.cpuUsage();
  const dbCpu = await databaseCpu(ds);
  const started = performance.now();
  const response = await fetch(`${url}/segments/${segmentId}/export?fields=${fields}`, { headers: { authorization: `Bearer ${bearer}` } });
  let lines = 0;
  // counted natively: a JavaScript loop over every byte cost the shared process ~1.5 s of CPU per million lines
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  }
  const seconds = ms(started) / 1000;
  const used = process.cpuUsage(cpu);
  const dbUsed = (await databaseCpu(ds)) - dbCpu;
  clearInterval(sampler);
  const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
  log(`| ${label} | ${fields} | ${lines} | ${seconds.toFixed(1)} s | ${Math.round(lines / seconds)} | ${((used.user + used.system) / 1e6).toFixed(1)} s | ${dbUsed.toFixed(1)} s | ${loadAverage()} | ${mb(before)} → ${mb(peak)} MB |`);
}

const PAGE_QUERY = `query($id: ID!, $after: String) { segment(id: $id) { members(first: 50, after: $after) { edges { node { id displayName } } pageInfo { endCursor } } } }`;

/** One GraphQL request over HTTP, checked, in ms. */
async function graphqlTime(url: string, bearer: string, query: string, variables: Record<string, unknown>, check: (data: any) => boolean): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown };
  if (!check(body.data)) throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 200)}`);
  return ms(started);
}

/**
 * Pages at two depths: the SQL page alone, and the whole GraphQL request against the app with and without
 * the access-log plugin (the same services), interleaved so both see the same machine; `{ __typename }` is
 * the floor of a request that reads nothing. 500 samples each after 50 warm-ups.
 */
async function pages(urls: { logged: string; unlogged: string }, bearer: string, segments: Segments, segmentId: string): Promise<void> {
  const fmt = (t: number[]) => `${pct(t, 50).toFixed(1)} / ${pct(t, 99).toFixed(1)} ms`;
  log(`\n| members page (first: 50), load average ${loadAverage()} | SQL page p50 / p99 | GraphQL without the access-log plugin p50 / p99 | GraphQL p50 / p99 |\n|---|---|---|---|`);
  const page = (data: any) => data?.segment?.members?.edges?.length === 50;
  const rows: [string, string | null, (url: string) => Promise<number>][] = [
    ['`{ __typename }` (floor: token, Apollo, HTTP)', null, (url) => graphqlTime(url, bearer, '{ __typename }', {}, (d) => d?.__typename === 'Query')],
    ['shallow (first page)', null, (url) => graphqlTime(url, bearer, PAGE_QUERY, { id: segmentId, after: null }, page)],
    ['deep (~90% in)', 'e6666666-0000-0000-0000-000000000000', (url) => graphqlTime(url, bearer, PAGE_QUERY, { id: segmentId, after: encodeCursor(['e6666666-0000-0000-0000-000000000000']) }, page)],
  ];
  for (const [label, after, request] of rows) {
    const sql: number[] = [];
    const logged: number[] = [];
    const unlogged: number[] = [];
    for (let i = 0; i < 550; i++) {
      const started = performance.now();
      await segments.service.members(segmentId, 51, after);
      const sqlMs = ms(started);
      const a = await request(urls.logged);
      const b = await request(urls.unlogged);
      if (i < 50) continue;
      sql.push(sqlMs);
      logged.push(a);
      unlogged.push(b);
    }
    for (const t of [sql, logged, unlogged]) t.sort((x, y) => x - y);
    log(`| ${label} | ${label.startsWith('`') ? '—' : fmt(sql)} | ${fmt(unlogged)} | ${fmt(logged)} |`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '1000000' },
      fresh: { type: 'boolean', default: false },
      skip: { type: 'string', default: '' },
      audit: { type: 'string', default: 'on' },
      runs: { type: 'string', default: '1' },
      embedded: { type: 'boolean', default: false },
    },
  });
  const embedded = values.embedded
    ? await startEmbeddedPostgres({ clusterDir: SEGMENTS_PG_DIR, port: 54350, database: 'postgres', settings: { shared_buffers: process.env.BENCH_SHARED_BUFFERS ?? '1GB' }, exclusive: true })
    : undefined;
  try {
    await run(embedded?.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', values);
  } finally {
    await embedded?.stop();
  }
}

async function run(url: string, values: { customers?: string; fresh?: boolean; skip?: string; audit?: string; runs?: string }): Promise<void> {
  const skip = new Set(String(values.skip).split(','));
  const { ds, asOf } = await openBenchDatabase(url, Number(values.customers), Boolean(values.fresh));
  const policy = loadPolicy(fieldShapesOf(await buildTesseraSchema()));
  // refreshes are timed whole: create waits for its refresh however long it takes
  const segments = createSegments(ds, { policy, now: () => asOf, refreshWaitMs: 3_600_000 });
  log(`segments bench: ${values.customers} customers, data as of ${asOf.toISOString()}, load average ${loadAverage()}`);
  if (!skip.has('counts')) await counts(segments);
  const http = { exports: !skip.has('export'), pages: !skip.has('pages'), audit: values.audit !== 'off', runs: Number(values.runs) };
  if (skip.has('refresh') && !http.exports && !http.pages) return ds.destroy();
  const ids = await refreshes(segments, !skip.has('refresh'));
  if (http.exports || http.pages) await overHttp(ds, segments, ids, http);
  await ds.destroy();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
