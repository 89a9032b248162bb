// Writes a generated population (bench/identity/population, truth known) into a Tessera database as person
// records, so full and incremental resolution can be timed on it at 10^6 records; the truth goes into a
// table of its own (bench_truth) for pairwise precision / recall of what the resolver stored.
//   node dist/bench/identity/load-population.js [--records 1000000] [--seed 1] [--difficulty hard]
//        [--url postgres://postgres@127.0.0.1:5432/tessera_identity_bench_1m]
//   node dist/bench/identity/load-population.js --quality [--url …]   P/R/F1 of the stored customers
// Loading is set-based: 10,000 records per INSERT … SELECT FROM unnest(…), on an empty store.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureBenchDatabase } from '../bench-database';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { generatePopulation, type Difficulty } from './population/generate';
import { pairwiseMetrics } from './population/truth';

const BATCH = 10_000;

async function load(client: Client, records: number, seed: number, difficulty: Difficulty): Promise<void> {
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM source_record`)).rows;
  if (n > 0) throw new Error(`the store already holds ${n} records: load into an empty database`);
  await client.query('CREATE TABLE IF NOT EXISTS bench_truth (source text, external_id text, truth text, PRIMARY KEY (source, external_id))');
  const started = performance.now();
  let batch: { source: string; id: string; truth: string; person: string; hash: string }[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(
      `INSERT INTO source_record (source, entity, external_id, payload, data, person, content_hash, source_changed_at)
       SELECT s, 'contact', e, p, p, p, h, now() FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) AS t(s, e, p, h)`,
      [batch.map((b) => b.source), batch.map((b) => b.id), batch.map((b) => b.person), batch.map((b) => b.hash)],
    );
    await client.query('INSERT INTO bench_truth SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
      batch.map((b) => b.source), batch.map((b) => b.id), batch.map((b) => b.truth),
    ]);
    done += batch.length;
    batch = [];
    if (done % 100_000 === 0) console.log(`${done} records, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  };
  for (const r of generatePopulation({ records, seed, difficulty })) {
    const person = JSON.stringify(r.person);
    batch.push({ source: r.source, id: r.id, truth: r.truth, person, hash: createHash('md5').update(person).digest('hex') });
    if (batch.length === BATCH) await flush();
  }
  await flush();
  await client.query('ANALYZE source_record');
  await client.query('ANALYZE bench_truth');
  console.log(`loaded ${done} records (${difficulty}, seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Pairwise precision / recall of the stored customers against the truth, counted in SQL. */
async function quality(client: Client): Promise<void> {
  const { rows } = await client.query(
    `SELECT r.customer_id::text AS c, t.truth AS t FROM source_record r JOIN bench_truth t USING (source, external_id)
     WHERE r.person IS NOT NULL AND r.deleted_at IS NULL`,
  );
  const predicted = new Map<string, string>();
  const truth = new Map<string, string>();
  rows.forEach((r: { c: string | null; t: string }, i: number) => {
    if (r.c) predicted.set(String(i), r.c); // a record without a customer counts as its own
    truth.set(String(i), r.t);
  });
  const m = pairwiseMetrics(predicted, truth);
  console.log(`${rows.length} records: precision ${m.precision.toFixed(4)} recall ${m.recall.toFixed(4)} F1 ${m.f1.toFixed(4)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      difficulty: { type: 'string', default: 'hard' },
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/tessera_identity_bench_1m' },
      quality: { type: 'boolean', default: false },
    },
  });
  const url = values.url!;
  await ensureBenchDatabase(url);
  const db = await openDatabase({ url, poolSize: 1 });
  await runMigrations(db.dataSource);
  await db.dataSource.destroy();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (values.quality) await quality(client);
    else await load(client, Number(values.records), Number(values.seed), values.difficulty as Difficulty);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
