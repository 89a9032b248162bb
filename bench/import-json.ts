// Big native JSON documents through the importer: a Mailchimp members document and a Zendesk tickets
// document, written once, then read and imported, each step in its own process so its peak RSS is its own.
//
//   npm run bench:import-json -- [--members 1000000] [--tickets 200000] [--layout compact|lines|pretty]
//                                [--phase read|import|both] [--import-limit 200000] [--url postgres://…/db]
//
// read:   the real format parser (getFormat(…).parse: scan, JSON.parse, map, validate), no database.
// import: the real ImportService (createServices) into its own database, dropped and created for each file
//         (default tessera_bench_import_json on DATABASE_URL's server, else 127.0.0.1:5432). Files bigger
//         than --import-limit records are only read, since the database, not the parser, sets the pace there.
// Files go to .data/bench-import-json/<kind>-<count>-<layout>/ and are reused. See docs/benchmarks.md.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { openDatabase, runMigrations } from '../src/db/data-source';
import { getFormat } from '../src/sources/formats';
import { createServices } from '../src/services';
import { member, ticket, writeDocument, type DocumentLayout } from './json-documents';

interface Job {
  phase: 'read' | 'import';
  format: 'mailchimp-json' | 'zendesk-json';
  file: string;
  records: number;
  url?: string;
}

interface Outcome {
  ok: number;
  rejected: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** RSS when a quarter, half, three quarters and all of the records were through. */
  rssAtQuartersMb: number[];
  error?: string;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---- child: one measured step --------------------------------------------------------------------------

async function read(job: Job, onRecord: (done: number) => void): Promise<Pick<Outcome, 'ok' | 'rejected'>> {
  let ok = 0;
  let rejected = 0;
  for await (const result of getFormat(job.format).parse(createReadStream(job.file), path.basename(job.file))) {
    if (result.ok) ok += 1;
    else rejected += 1;
    onRecord(ok + rejected);
  }
  return { ok, rejected };
}

async function importFile(job: Job, onRecord: (done: number) => void): Promise<Pick<Outcome, 'ok' | 'rejected'>> {
  const db = await openDatabase({ url: job.url!, poolSize: 4 });
  try {
    await runMigrations(db.dataSource);
    const services = createServices(db.dataSource, { region: 'ES' });
    const source = job.format === 'mailchimp-json' ? 'mailchimp' : 'zendesk';
    const report = await services.importer.run({ source, format: job.format, location: job.file, onProgress: (p) => onRecord(p.records) });
    const file = report.files[0];
    return { ok: file.inserted + file.updated + file.unchanged, rejected: file.rejected };
  } finally {
    await db.dataSource.destroy();
  }
}

async function child(job: Job): Promise<Outcome> {
  const quarters = [0.25, 0.5, 0.75].map((q) => Math.ceil(job.records * q));
  const rssAtQuartersMb: number[] = [];
  const onRecord = (done: number) => {
    while (quarters.length > 0 && done >= quarters[0]) {
      quarters.shift();
      rssAtQuartersMb.push(mb(process.memoryUsage.rss()));
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  let counts = { ok: 0, rejected: 0 };
  let error: string | undefined;
  try {
    counts = await (job.phase === 'read' ? read(job, onRecord) : importFile(job, onRecord));
  } catch (failure) {
    error = (failure as Error).message.slice(0, 200);
  }
  rssAtQuartersMb.push(mb(process.memoryUsage.rss()));
  const used = process.cpuUsage(cpu);
  return {
    ...counts,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssAtQuartersMb,
    error,
  };
}

// ---- parent ------------------------------------------------------------------------------------------

function measure(job: Job): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, ['--child', JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let outcome: Outcome | undefined;
    proc.on('message', (message) => (outcome = message as Outcome));
    proc.on('error', reject);
    // A reader that crashes the process (the old one did past V8's string limit) is a result too.
    proc.on('exit', (code, signal) =>
      resolve(outcome ?? { ok: 0, rejected: 0, seconds: (performance.now() - started) / 1000, cpuSeconds: 0, peakRssMb: 0, rssAtQuartersMb: [], error: `the process died (${signal ?? `exit code ${code}`}); its stderr is above` }),
    );
  });
}

/** Writes the document unless a complete one is already there (written to a temporary name, renamed when done). */
async function ensureDocument(dir: string, kind: 'members' | 'tickets', count: number, layout: DocumentLayout): Promise<string> {
  const folder = path.join(dir, `${kind}-${count}-${layout}`);
  const file = path.join(folder, `${kind}.json`);
  if (existsSync(file)) return file;
  await mkdir(folder, { recursive: true });
  const started = performance.now();
  const trailer = kind === 'members' ? { list_id: 'L1', total_items: count } : { next_page: null, count };
  const written = await writeDocument(`${file}.partial`, kind, count, kind === 'members' ? member : ticket, layout, trailer);
  await rename(`${file}.partial`, file);
  console.log(`wrote ${file}: ${fmt(count)} ${kind}, ${fmt(mb(written.bytes))} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name.startsWith('tessera_bench_import')) throw new Error(`refusing to drop ${name}: the bench only drops databases named tessera_bench_import*`);
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

function defaultUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/tessera_bench_import_json';
  return url.toString();
}

function line(phase: string, job: Job, bytes: number, o: Outcome): string {
  const name = `${path.basename(path.dirname(job.file))}`;
  if (o.error) return `${phase.padEnd(7)}${name.padEnd(28)} FAILED after ${o.seconds.toFixed(1)} s${o.peakRssMb ? `, peak RSS ${fmt(o.peakRssMb)} MB` : ''}: ${o.error}`;
  const records = o.ok + o.rejected;
  return [
    phase.padEnd(7) + name.padEnd(28),
    `${fmt(records).padStart(10)} rec`,
    `${fmt(mb(bytes)).padStart(6)} MB`,
    `${o.seconds.toFixed(1).padStart(6)} s (cpu ${o.cpuSeconds.toFixed(1)} s)`,
    `${fmt(records / o.seconds).padStart(8)} rec/s`,
    `${(mb(bytes) / o.seconds).toFixed(1).padStart(6)} MB/s`,
    `peak RSS ${fmt(o.peakRssMb).padStart(5)} MB`,
    `RSS at 25/50/75/100%: ${o.rssAtQuartersMb.join('/')} MB`,
  ].join('  ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      members: { type: 'string', default: '200000' },
      tickets: { type: 'string', default: '100000' },
      layout: { type: 'string', default: 'compact' },
      phase: { type: 'string', default: 'both' },
      'import-limit': { type: 'string', default: '200000' },
      url: { type: 'string' },
      dir: { type: 'string', default: '.data/bench-import-json' },
    },
  });
  if (values.child) {
    const outcome = await child(JSON.parse(values.child) as Job);
    process.send!(outcome, () => process.exit(0));
    return;
  }
  const layout = values.layout as DocumentLayout;
  if (!['compact', 'lines', 'pretty'].includes(layout)) throw new Error('--layout is compact, lines or pretty');
  const phases = values.phase === 'both' ? ['read', 'import'] : [values.phase];
  const url = values.url ?? defaultUrl();
  const limit = Number(values['import-limit']);
  const wanted = [
    { format: 'mailchimp-json' as const, kind: 'members' as const, records: Number(values.members) },
    { format: 'zendesk-json' as const, kind: 'tickets' as const, records: Number(values.tickets) },
  ].filter((f) => f.records > 0);
  const files: { format: Job['format']; records: number; file: string }[] = [];
  for (const f of wanted) files.push({ ...f, file: await ensureDocument(values.dir, f.kind, f.records, layout) });
  const results: Record<string, unknown>[] = [];
  for (const f of files) {
    const bytes = (await stat(f.file)).size;
    for (const phase of phases) {
      if (phase === 'import' && f.records > limit) {
        console.log(`import ${path.basename(path.dirname(f.file))}: skipped (more than --import-limit ${fmt(limit)} records)`);
        continue;
      }
      if (phase === 'import') await recreateDatabase(url);
      const job: Job = { phase: phase as Job['phase'], format: f.format, file: f.file, records: f.records, url };
      const outcome = await measure(job);
      console.log(line(phase, job, bytes, outcome));
      results.push({ phase, file: path.basename(path.dirname(f.file)), bytes, ...outcome });
    }
  }
  console.log(`RESULT ${JSON.stringify(results)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
