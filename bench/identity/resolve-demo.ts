// Times a resolution of the demo company on a PostgreSQL of your choice (never the profile bench's).
//   node dist/bench/identity/resolve-demo.js --people 100000 [--url postgres://…/db] [--import-only]
//        [--first]   forget the identity state first: the next run is a first full run (keys, model, clusters)
//        [--sql]     print the statements that took longest
//        [--full]    a full run with the stored model      [--add-one]  import one record, resolve incrementally
// Run import and resolution as separate invocations: peak RSS is then the resolution's.
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBenchDatabase } from '../bench-database';
import { DEMO_SOURCES } from '../../src/demo/seed-demo';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { createServices } from '../../src/services';
import { datasetState, demoDir, ensureDemoFiles } from '../dataset';
import { timeStatements } from './statement-timer';

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '100000' },
      url: { type: 'string' },
      'import-only': { type: 'boolean', default: false },
      first: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      'add-one': { type: 'boolean', default: false },
      sql: { type: 'boolean', default: false },
    },
  });
  const people = Number(values.people);
  const url = values.url ?? `postgres://postgres@127.0.0.1:5432/ident_scale_${people}`;
  await ensureBenchDatabase(url);
  const db = await openDatabase({ url, poolSize: 4 });
  await runMigrations(db.dataSource);
  const services = createServices(db.dataSource, { region: 'US' });
  const dir = demoDir(people);
  await ensureDemoFiles(dir, people);
  if (!(await datasetState(db.dataSource, dir)).allSourcesImported) {
    for (const s of DEMO_SOURCES) {
      const started = performance.now();
      await services.importer.run({ source: s.source, format: s.format, location: path.join(dir, s.folder) });
      console.log(`import ${s.source}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  if (!values['import-only']) {
    if (values.first) {
      await db.dataSource.query('TRUNCATE identity_model, identity_record, identity_block_key, identity_link, customer_event');
    }
    if (values['add-one']) await addOne(db.dataSource);
    const before = process.memoryUsage().rss;
    const statements = values.sql ? timeStatements() : undefined;
    statements?.start();
    const started = performance.now();
    const summary = await services.resolver.resolve({ full: values.full });
    statements?.stop();
    console.log(`resolve ${summary.mode}: ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} ` +
      `(${mib(before)} before)`);
    console.log(JSON.stringify(summary));
    statements?.print(15);
  }
  await db.dataSource.destroy();
}

/** A copy of one existing person record under a new external id: an incremental run has one record to place. */
async function addOne(dataSource: import('typeorm').DataSource): Promise<void> {
  const [row] = await dataSource.query(
    `INSERT INTO source_record (source, entity, external_id, person, content_hash, source_changed_at, last_changed_at, payload, data)
     SELECT source, entity, external_id || '-copy-' || floor(random() * 1e9)::text, person, md5(random()::text), now(), now(), payload, data
     FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET 1000
     RETURNING id::text AS id`,
  );
  console.log(`added record ${row.id}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
