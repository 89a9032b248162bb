// Times one resolution of an existing store (e.g. the one bench/identity/load-population.ts writes).
//   node dist/bench/identity/resolve-store.js [--url postgres://…/tessera_identity_bench_1m]
//        [--first]  forget the identity state first: a first full run (keys, model, clusters), then VACUUM (ANALYZE)
//        [--full]   a full run with the stored model      [--sql]  the statements that took longest
import 'reflect-metadata';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { createServices } from '../../src/services';
import { phaseClock } from './phase-clock';
import { timeStatements } from './statement-timer';

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/tessera_identity_bench_1m' },
      first: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      sql: { type: 'boolean', default: false },
    },
  });
  const db = await openDatabase({ url: values.url!, poolSize: 4 });
  await runMigrations(db.dataSource);
  const services = createServices(db.dataSource, { region: 'US' });
  if (values.first) {
    await db.dataSource.query('TRUNCATE identity_model, identity_record, identity_block_key, identity_link, customer_event');
  }
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]!), 5000);
  const statements = values.sql ? timeStatements() : undefined;
  statements?.start();
  const started = performance.now();
  const clock = phaseClock();
  const summary = await services.resolver.resolve({ full: values.full, onProgress: clock.listener });
  const ended = performance.now();
  statements?.stop();
  clearInterval(sampler);
  console.log(`resolve ${summary.mode}: ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}, ` +
    `load average ${Math.min(...loads, os.loadavg()[0]!).toFixed(1)}–${Math.max(...loads, os.loadavg()[0]!).toFixed(1)}`);
  console.log(JSON.stringify(summary));
  console.log('phases: ' + clock.take(ended).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', '));
  statements?.print(15);
  if (values.first) {
    // A first run rewrites every record's customer: as autovacuum would soon after on a server that runs it
    // (this machine's does not), the dead row versions go before anything is timed against this store. Left
    // there, every incremental run's status statement walked the million dead entries of the unresolved
    // records' index: 5 ms of a 20 ms run (docs/identity.md, session 23).
    const vacuumed = performance.now();
    await db.dataSource.query('VACUUM (ANALYZE)');
    console.log(`vacuumed in ${((performance.now() - vacuumed) / 1000).toFixed(1)} s`);
  }
  await db.dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
