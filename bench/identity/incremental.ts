// Single-record increments against a resolved store: one person record is inserted, changed or deleted,
// then resolve() runs incrementally; prints p50 / p90 / p99 / max of the resolve over the runs.
//   node dist/bench/identity/incremental.js [--url postgres://…/tessera_identity_bench] [--runs 50] [--seed 1]
//        [--sql]      time every SQL statement the measured runs send (grouped by statement text)
//        [--verify]   a full run afterwards must move nothing (incremental == full)
// The store must be resolved already (bench/identity/resolve-demo.ts builds one). Records the bench adds
// carry external ids `bench-inc-…` and are deleted again at the end (those deletions are measured too).
import 'reflect-metadata';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { createServices } from '../../src/services';
import type { PersonAttributes } from '../../src/sources/record';
import { seededRandom } from '../../src/identity/engine/random';
import { phaseClock } from './phase-clock';
import { timeStatements } from './statement-timer';

type Kind = 'copy' | 'variant' | 'new' | 'change' | 'delete';
interface Sample {
  kind: Kind;
  /** the record copied, varied, changed or deleted (new: the record whose source it took) */
  record: string;
  ms: number;
  region: number;
  pairs: number;
  /** with --sql: this run's statements, ms each */
  statements?: [string, number][];
  /** with --sql: ms per phase of the run (read, keys, region, write, summaries) */
  phases?: [string, number][];
}

const FIRST = ['Amelia', 'Tomasz', 'Ngozi', 'Kenji', 'Ines', 'Rafael', 'Saoirse', 'Dmitri', 'Leilani', 'Oskar'];
const LAST = ['Vandermeer', 'Okonkwo', 'Haraldsen', 'Quintero', 'Nakashima', 'Brannigan', 'Szymanski', 'Abernathy'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/tessera_identity_bench' },
      runs: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      sql: { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
    },
  });
  const db = await openDatabase({ url: values.url!, poolSize: 4 });
  await runMigrations(db.dataSource);
  const services = createServices(db.dataSource, { region: 'US' });
  const ds = db.dataSource;
  const random = seededRandom(Number(values.seed));
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM identity_model');
  if (n === 0) throw new Error('no resolved store here: run bench/identity/resolve-demo.ts first');
  await ds.query(`UPDATE source_record SET deleted_at = now(), content_hash = md5(random()::text) WHERE external_id LIKE 'bench-inc-%' AND deleted_at IS NULL`);
  const drain = await services.resolver.resolve();
  console.log(`pending work before the bench: ${drain.mode}, ${drain.resolvedRecords} records re-clustered in ${drain.ms} ms`);
  // Person ids are not contiguous (each source's facts sit between them): pick from the list itself.
  const people: string[] = (
    await ds.query(`SELECT id::text AS id FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL AND external_id NOT LIKE 'bench-inc-%'`)
  ).map((r: { id: string }) => r.id);
  const statements = values.sql ? timeStatements() : undefined;
  const loadBefore = os.loadavg()[0]!;
  const samples: Sample[] = [];
  const added: string[] = [];
  const clock = phaseClock();
  const onProgress = values.sql ? clock.listener : undefined;
  const runs = Number(values.runs);
  for (let i = 0; i < runs; i++) {
    const kinds: Kind[] = added.length > 0 ? ['copy', 'variant', 'new', 'change'] : ['copy', 'variant', 'new'];
    const kind = kinds[i % kinds.length]!;
    const pick = people[Math.floor(random() * people.length)]!;
    const record = kind === 'change' ? added[Math.floor(random() * added.length)]! : pick;
    if (kind === 'change') await change(ds, record, random);
    else added.push(await insert(ds, kind, pick, i, random));
    statements?.start();
    const started = performance.now();
    const summary = await services.resolver.resolve({ onProgress });
    const ms = performance.now() - started;
    statements?.stop();
    if (summary.mode !== 'incremental') throw new Error(`run ${i} was ${summary.mode}`);
    samples.push({ kind, record, ms, region: summary.resolvedRecords, pairs: summary.pairs, statements: statements?.take(), phases: clock.take(started + ms) });
  }
  // Delete what the bench added, one record per run, so the store stays as it was.
  for (const id of added.splice(0, Math.min(added.length, Math.ceil(runs / 5)))) {
    await ds.query(`UPDATE source_record SET deleted_at = now(), content_hash = md5(random()::text), last_changed_at = now() WHERE id = $1`, [id]);
    statements?.start();
    const started = performance.now();
    const summary = await services.resolver.resolve({ onProgress });
    const ms = performance.now() - started;
    statements?.stop();
    samples.push({ kind: 'delete', record: id, ms, region: summary.resolvedRecords, pairs: summary.pairs, statements: statements?.take(), phases: clock.take(started + ms) });
  }
  if (added.length > 0) {
    await ds.query(`UPDATE source_record SET deleted_at = now(), content_hash = md5(random()::text) WHERE id = ANY($1::bigint[])`, [added]);
    await services.resolver.resolve();
  }
  report(samples);
  console.log(`machine load average (1 min) ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after, on ${os.cpus().length} cores`);
  if (statements) {
    statements.print();
    const outside = samples.map((x) => x.ms - (x.statements ?? []).reduce((t, [, ms]) => t + ms, 0)).sort((u, v) => u - v);
    console.log(`time outside SQL statements (JavaScript, scheduling): p50 ${quantile(outside, 0.5).toFixed(1)} ms, p90 ${quantile(outside, 0.9).toFixed(1)}, max ${outside.at(-1)!.toFixed(1)}`);
    console.log('slowest runs, their statements over 2 ms:');
    for (const x of [...samples].sort((u, v) => v.ms - u.ms).slice(0, 5)) {
      const sql = x.statements ?? [];
      const total = sql.reduce((t, [, ms]) => t + ms, 0);
      console.log(`  ${x.kind} of ${x.record}: ${x.ms.toFixed(1)} ms (${sql.length} statements, ${total.toFixed(1)} ms in them; region ${x.region}, ${x.pairs} pairs)`);
      console.log(`     phases: ${(x.phases ?? []).map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`).join(', ')}`);
      for (const [k, ms] of sql) if (ms > 2) console.log(`     ${ms.toFixed(1).padStart(7)}  ${k.slice(0, 90)}`);
    }
  }
  if (values.verify) {
    const started = performance.now();
    const full = await services.resolver.resolve({ full: true });
    console.log(`full run: ${((performance.now() - started) / 1000).toFixed(1)} s, created ${full.created}, merged ${full.merged}, moved ${full.moved}, removed ${full.removed}` +
      (full.created + full.merged + full.moved + full.removed === 0 ? ' (same clusters as the incremental runs)' : ' — DIFFERS'));
  }
  await ds.destroy();
}

async function insert(ds: DataSource, kind: Kind, near: string, i: number, random: () => number): Promise<string> {
  const [row] = await ds.query(
    `SELECT id::text AS id, source, entity, person, payload, data FROM source_record
     WHERE id = $1`,
    [near],
  );
  let person: PersonAttributes = row.person;
  if (kind === 'variant') person = variant(person, random);
  if (kind === 'new') person = stranger(random, i);
  const [out] = await ds.query(
    `INSERT INTO source_record (source, entity, external_id, person, content_hash, source_changed_at, payload, data)
     VALUES ($1, $2, $3, $4, md5(random()::text), now(), $5, $6) RETURNING id::text AS id`,
    [row.source, row.entity, `bench-inc-${Date.now()}-${i}`, JSON.stringify(person), row.payload, row.data],
  );
  return out.id;
}

/** Another phone and a retyped first name: the record stays the same person. */
async function change(ds: DataSource, id: string, random: () => number): Promise<void> {
  const [row] = await ds.query('SELECT person FROM source_record WHERE id = $1', [id]);
  const person: PersonAttributes = { ...row.person, phones: [`+1 415 555 ${String(1000 + Math.floor(random() * 8999))}`] };
  await ds.query(`UPDATE source_record SET person = $2, content_hash = md5(random()::text), last_changed_at = now() WHERE id = $1`, [id, JSON.stringify(person)]);
}

/** A second record of the same person: a typo in the first name, no email, the rest kept. */
function variant(p: PersonAttributes, random: () => number): PersonAttributes {
  const first = p.firstName ?? '';
  const at = Math.max(1, Math.floor(random() * first.length));
  return { ...p, firstName: first.length > 3 ? first.slice(0, at) + first.slice(at + 1) : first, emails: [] };
}

function stranger(random: () => number, i: number): PersonAttributes {
  const first = FIRST[Math.floor(random() * FIRST.length)]!;
  const last = LAST[Math.floor(random() * LAST.length)]!;
  return {
    firstName: first,
    lastName: last,
    emails: [`${first}.${last}.${i}@example.org`.toLowerCase()],
    phones: [],
    addresses: [],
    birthDate: `19${50 + Math.floor(random() * 50)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    identifiers: [],
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

function report(samples: Sample[]): void {
  const line = (name: string, list: Sample[]) => {
    if (list.length === 0) return;
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    const region = list.map((s) => s.region).sort((a, b) => a - b);
    console.log(
      `${name.padEnd(8)} n=${String(list.length).padStart(3)}  p50 ${quantile(ms, 0.5).toFixed(1).padStart(7)} ms  p90 ${quantile(ms, 0.9).toFixed(1).padStart(7)}  ` +
        `p99 ${quantile(ms, 0.99).toFixed(1).padStart(7)}  max ${ms.at(-1)!.toFixed(1).padStart(7)}   records re-clustered p50 ${quantile(region, 0.5)} max ${region.at(-1)}`,
    );
  };
  for (const kind of ['copy', 'variant', 'new', 'change', 'delete'] as const) line(kind, samples.filter((s) => s.kind === kind));
  line('all', samples);
  console.log(`RESULT ${JSON.stringify({ runs: samples.length, p50: quantile(samples.map((s) => s.ms).sort((a, b) => a - b), 0.5), p99: quantile(samples.map((s) => s.ms).sort((a, b) => a - b), 0.99) })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
