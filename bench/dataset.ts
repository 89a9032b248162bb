// The bench data set: N demo people written once to .data/bench-demo-N and imported with the real
// ImportService + ResolveService. No bench-only tables: what is loaded is read back from import_run.
import { existsSync, realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { generateDemo } from '../src/demo/generate-demo';
import { DEMO_SOURCES } from '../src/demo/seed-demo';
import type { ResolveSummary } from '../src/identity/resolve.service';
import type { Services } from '../src/services';

/** Written last by generateDemo's caller: generateDemo creates all three folders before writing any file. */
const COMPLETE_MARKER = '.complete';

export interface DatasetState {
  customers: number;
  sourceRecords: number;
  /** Everything in the database came from this demo folder (or the database is empty). */
  onlyThisDemo: boolean;
  /** Every demo source has a succeeded import run from this folder. */
  allSourcesImported: boolean;
  runs: { source: string; location: string; status: string; seconds: number | null; records: number }[];
}

export function demoDir(people: number): string {
  return path.resolve('.data', `bench-demo-${people}`);
}

export async function ensureDemoFiles(dir: string, people: number): Promise<{ generated: boolean; seconds: number }> {
  if (existsSync(path.join(dir, COMPLETE_MARKER))) return { generated: false, seconds: 0 };
  const started = performance.now();
  await generateDemo(dir, { customers: people });
  await writeFile(path.join(dir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  return { generated: true, seconds: (performance.now() - started) / 1000 };
}

export async function datasetState(dataSource: DataSource, dir: string): Promise<DatasetState> {
  const [counts] = await dataSource.query(
    `SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM source_record)::int AS records`,
  );
  const runs: DatasetState['runs'] = (
    await dataSource.query(
      `SELECT source, location, status,
              extract(epoch FROM finished_at - started_at)::float AS seconds,
              (inserted + updated + unchanged + rejected)::int AS records
         FROM import_run ORDER BY id`,
    )
  ).map((r: { source: string; location: string; status: string; seconds: number | null; records: number }) => r);
  // by real path: a checkout whose .data is a link to another's shares its data set instead of reloading it
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const prefix = real(dir) + path.sep;
  const onlyThisDemo = runs.every((r) => real(r.location).startsWith(prefix)) && (runs.length > 0 || counts.records === 0);
  const allSourcesImported = DEMO_SOURCES.every((s) =>
    runs.some((r) => r.source === s.source && r.status === 'succeeded' && real(r.location) === real(path.join(dir, s.folder))),
  );
  return { customers: counts.customers, sourceRecords: counts.records, onlyThisDemo, allSourcesImported, runs };
}

export interface SourceTiming {
  source: string;
  records: number;
  inserted: number;
  rejected: number;
  linked: number;
  seconds: number;
}

export interface ImportTimings {
  sources: SourceTiming[];
  resolveSeconds: number;
  resolution: ResolveSummary;
}

/** Imports the three demo sources, then resolves identities, timing each step. */
export async function importDemo(services: Services, dir: string, print: (line: string) => void): Promise<ImportTimings> {
  const sources: SourceTiming[] = [];
  for (const s of DEMO_SOURCES) {
    const started = performance.now();
    let lastPrint = started;
    const report = await services.importer.run({
      source: s.source,
      format: s.format,
      location: path.join(dir, s.folder),
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastPrint < 10_000) return;
        lastPrint = now;
        print(`    … ${s.source} ${p.file}: ${p.records.toLocaleString('en-US')} records`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const sum = (pick: (f: (typeof report.files)[number]) => number) => report.files.reduce((n, f) => n + pick(f), 0);
    const timing = {
      source: s.source,
      records: sum((f) => f.inserted + f.updated + f.unchanged + f.rejected),
      inserted: sum((f) => f.inserted),
      rejected: sum((f) => f.rejected),
      linked: report.linked,
      seconds,
    };
    sources.push(timing);
    print(
      `  import ${s.source.padEnd(10)} ${timing.records.toLocaleString('en-US').padStart(10)} records in ${seconds.toFixed(1).padStart(6)} s` +
        `  = ${Math.round(timing.records / seconds).toLocaleString('en-US').padStart(7)} records/s` +
        `  (inserted ${timing.inserted}, rejected ${timing.rejected}, linked ${timing.linked})`,
    );
  }
  const started = performance.now();
  const resolution = await services.resolver.resolve();
  const resolveSeconds = (performance.now() - started) / 1000;
  print(
    `  resolve              ${resolution.records.toLocaleString('en-US').padStart(10)} person records in ${resolveSeconds.toFixed(1)} s → ` +
      `${resolution.customers.toLocaleString('en-US')} customers (created ${resolution.created}, merged ${resolution.merged}, ` +
      `moved ${resolution.moved}, removed ${resolution.removed})`,
  );
  return { sources, resolveSeconds, resolution };
}
