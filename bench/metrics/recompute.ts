// Times computed traits over the demo company on a PostgreSQL of your choice (never the profile bench's).
//   npm run build && node dist/bench/metrics/recompute.js --people 5000 [--url postgres://…/db] [--runs 3] [--batch 5000]
// Prints: full recompute customers/s (and statements), an incremental recompute of 1% of the customers,
// and what the dirty-queue triggers add to a 10,000-row source_record update.
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBenchDatabase } from '../bench-database';
import type { DataSource } from 'typeorm';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { DEMO_SOURCES } from '../../src/demo/seed-demo';
import { MetricsRepository } from '../../src/metrics/metrics.repository';
import { MetricsService } from '../../src/metrics/metrics.service';
import { createServices } from '../../src/services';
import { datasetState, demoDir, ensureDemoFiles } from '../dataset';

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

/** Milliseconds of one UPDATE of `rows` fact records' content hash, with or without the metrics triggers (rolled back). */
async function updateCost(dataSource: DataSource, rows: number, triggers: boolean): Promise<number> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    if (!triggers) {
      for (const event of ['insert', 'update', 'delete']) await runner.query(`ALTER TABLE source_record DISABLE TRIGGER source_record_metrics_${event}`);
    }
    const started = performance.now();
    await runner.query(
      `UPDATE source_record SET content_hash = md5(content_hash) WHERE id IN (
         SELECT id FROM source_record WHERE person IS NULL AND person_record_id IS NOT NULL ORDER BY id LIMIT $1)`,
      [rows],
    );
    const ms = performance.now() - started;
    await runner.rollbackTransaction();
    return ms;
  } finally {
    await runner.release();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '5000' },
      url: { type: 'string' },
      runs: { type: 'string', default: '3' },
      batch: { type: 'string', default: '5000' },
    },
  });
  const people = Number(values.people);
  const url = values.url ?? `postgres://postgres@127.0.0.1:5432/metrics_bench_${people}`;
  await ensureBenchDatabase(url);
  const db = await openDatabase({ url, poolSize: 2 });
  await runMigrations(db.dataSource);
  const services = createServices(db.dataSource, { region: 'US' });
  const dir = demoDir(people);
  await ensureDemoFiles(dir, people);
  if (!(await datasetState(db.dataSource, dir)).allSourcesImported) {
    for (const s of DEMO_SOURCES) await services.importer.run({ source: s.source, format: s.format, location: path.join(dir, s.folder) });
    await services.resolver.resolve();
  }
  await db.dataSource.query('ANALYZE');
  const metrics = new MetricsService(new MetricsRepository(db.dataSource), Number(values.batch));
  const [{ customers, records }] = await db.dataSource.query(
    'SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM source_record)::int AS records',
  );
  console.log(`${customers.toLocaleString('en-US')} customers, ${records.toLocaleString('en-US')} source records, batch ${values.batch}`);

  for (let run = 1; run <= Number(values.runs); run++) {
    const full = await metrics.recompute({ full: true });
    console.log(`full recompute ${run}: ${full.customers} customers in ${full.ms} ms = ${rate(full.customers, full.ms)} customers/s (${full.statements} statements)`);
  }

  const sample = Math.max(1, Math.round(customers / 100));
  await db.dataSource.query('INSERT INTO customer_metrics_dirty SELECT id FROM customer ORDER BY md5(id::text) LIMIT $1 ON CONFLICT DO NOTHING', [sample]);
  const incremental = await metrics.recompute();
  console.log(`incremental recompute of 1%: ${incremental.customers} customers in ${incremental.ms} ms = ${rate(incremental.customers, incremental.ms)} customers/s`);

  // alternated and the best of three kept, so neither side profits from a warmer cache
  const rows = 10_000;
  const best = { with: Infinity, without: Infinity };
  for (let i = 0; i < 3; i++) {
    best.with = Math.min(best.with, await updateCost(db.dataSource, rows, true));
    best.without = Math.min(best.without, await updateCost(db.dataSource, rows, false));
  }
  console.log(`update of ${rows} fact records: ${best.without.toFixed(0)} ms without the queue triggers, ${best.with.toFixed(0)} ms with them`);
  await db.dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
