import type { EntityManager } from 'typeorm';
import type { ResolutionChange } from './resolution-store.repository';
import { LINK_DECISIONS } from './resolution/cluster-pieces';
import { PairOutcomes } from './resolution/pair-outcomes';
import { chunks, writeRanges } from './sql-chunks';
import { binaryFloat8Array, binaryIntArray, binaryRecordIdArray, binaryTextArray } from '../db/pg-array';

const COLUMNS = 'record_a, record_b, probability, weight, blocking_rule, decision, rule, impact, model_id';
/**
 * The pairs of one chunk as rows (pairParams): $1–$8 the columns, the three names as 1-based codes into
 * $9–$11 (0, out of range, reads as NULL), $12 the model.
 */
const PAIRS = `SELECT a, b, p, w, ($9::text[])[br], ($10::text[])[d], ($11::text[])[r], i, $12::bigint
  FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::float8[], $5::int[], $6::int[], $7::int[], $8::int[]) AS x(a, b, p, w, br, d, r, i)`;

/** Binary arrays (pg-array.ts) straight from the columns of pairs `[from, to)`: a first run writes millions of pairs. */
export function pairParams(links: PairOutcomes, from: number, to: number, modelId: string): unknown[] {
  const n = to - from;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const code = (column: Int8Array | Int32Array) => Int32Array.from(column.subarray(from, to), (c) => c + 1);
  // only this chunk's rule names, coded anew: refusal reasons name records, so a run may hold thousands, and
  // PostgreSQL walks a text[] element by element to reach a subscript
  const names: string[] = [];
  const local = new Map<number, number>();
  const rule = Int32Array.from(links.rule.subarray(from, to), (c) => {
    let at = local.get(c);
    if (at === undefined) local.set(c, (at = names.push(links.rules[c]!)));
    return at;
  });
  for (let k = 0; k < n; k++) {
    a[k] = links.recordNumber(links.a[from + k]!);
    b[k] = links.recordNumber(links.b[from + k]!);
  }
  return [
    binaryRecordIdArray(a),
    binaryRecordIdArray(b),
    binaryFloat8Array(links.probability.subarray(from, to)),
    binaryFloat8Array(links.weight.subarray(from, to)),
    binaryIntArray(code(links.blockingRule)),
    binaryIntArray(code(links.decision)),
    binaryIntArray(rule),
    binaryIntArray(links.impact.subarray(from, to)),
    binaryTextArray(PairOutcomes.blockingRules),
    binaryTextArray(LINK_DECISIONS),
    binaryTextArray(names),
    modelId,
  ];
}

/** One statement per chunk of the pairs (writeRanges: the next chunk's parameters built while one runs). */
function writePairChunks(em: EntityManager, change: ResolutionChange, statement: string, wrote: (pairs: number) => void): Promise<void> {
  return writeRanges(
    change.links.length,
    (from, to) => pairParams(change.links, from, to, change.modelId),
    async (params, from, to) => {
      await em.query(statement, params);
      wrote(to - from);
    },
  );
}

/** Every pair of the change into `table`, as plain inserts. */
function insertPairs(em: EntityManager, table: 'identity_link' | 'identity_link_run', change: ResolutionChange, wrote: (pairs: number) => void): Promise<void> {
  return writePairChunks(em, change, `INSERT INTO ${table} (${COLUMNS}) ${PAIRS}`, wrote);
}

/**
 * Writes the scored pairs of a resolution and returns how many rows it wrote or deleted (about: an incremental
 * run counts the pairs it wrote). A full run replaces them all: into an empty table (a first run)
 * plain inserts; otherwise most pairs are unchanged (the model was kept), so they are merged instead of
 * deleted and inserted again, each of which checked both foreign keys per row and rewrote three indexes.
 * An incremental run replaces the pairs of its region and touched records.
 */
export async function replaceLinks(em: EntityManager, change: ResolutionChange, wrote: (pairs: number) => void = () => undefined): Promise<number> {
  if (change.linkScope === 'all') return replaceAll(em, change, wrote);
  const { inside, touched } = change.linkScope;
  // Not chunked on `inside`: both sides must be looked up in the whole region.
  if (inside.length > 0) await em.query('DELETE FROM identity_link WHERE record_a = ANY($1::bigint[]) AND record_b = ANY($1::bigint[])', [inside]);
  for (const part of chunks(touched)) {
    await em.query('DELETE FROM identity_link WHERE record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[])', [part]);
  }
  for (const part of chunks(change.impacts)) {
    await em.query(
      'UPDATE identity_link l SET impact = x.i FROM unnest($1::bigint[], $2::bigint[], $3::int[]) AS x(a, b, i) WHERE l.record_a = x.a AND l.record_b = x.b',
      [part.map((x) => x.a), part.map((x) => x.b), part.map((x) => x.impact)],
    );
  }
  await writePairChunks(
    em,
    change,
    `INSERT INTO identity_link (${COLUMNS}) ${PAIRS}
     ON CONFLICT (record_a, record_b) DO UPDATE SET probability = EXCLUDED.probability, weight = EXCLUDED.weight,
       blocking_rule = EXCLUDED.blocking_rule, decision = EXCLUDED.decision, rule = EXCLUDED.rule, impact = EXCLUDED.impact,
       model_id = EXCLUDED.model_id, scored_at = now()`,
    wrote,
  );
  // pairs written; the deletes before them are of the same region's pairs
  return change.links.length;
}

/**
 * Every pair of a full run: staged in a temporary table (no indexes, no foreign keys, no WAL), then pairs no
 * longer scored are deleted, changed ones updated and new ones inserted, all in one statement. An unchanged
 * pair is not written and keeps its scored_at. Returns the pairs written or deleted.
 */
async function replaceAll(em: EntityManager, change: ResolutionChange, wrote: (pairs: number) => void): Promise<number> {
  const [{ empty }]: { empty: boolean }[] = await em.query('SELECT NOT EXISTS (SELECT 1 FROM identity_link) AS empty');
  if (empty) {
    await insertPairs(em, 'identity_link', change, wrote);
    return change.links.length;
  }
  await em.query('DROP TABLE IF EXISTS pg_temp.identity_link_run');
  await em.query('CREATE TEMP TABLE identity_link_run (LIKE identity_link INCLUDING DEFAULTS) ON COMMIT DROP');
  // progress counts the pairs staged; the merge below is not counted
  await insertPairs(em, 'identity_link_run', change, wrote);
  await em.query('ANALYZE identity_link_run');
  // One join of the stored and the staged pairs finds all three kinds of change: three statements joined
  // the two 760,000-row tables three times at 10^6 records (2.1 s), to change nothing when nothing moved.
  // The three parts touch different pairs (only stored, in both, only staged), so one snapshot serves them.
  const [{ rows }]: { rows: number }[] = await em.query(
    `WITH diff AS MATERIALIZED (
       SELECT l.record_a AS stored_a, l.record_b AS stored_b, n.*
       FROM identity_link l FULL JOIN identity_link_run n ON n.record_a = l.record_a AND n.record_b = l.record_b
       WHERE l.record_a IS NULL OR n.record_a IS NULL
          OR (l.probability, l.weight, l.blocking_rule, l.decision, l.rule, l.impact, l.model_id)
             IS DISTINCT FROM (n.probability, n.weight, n.blocking_rule, n.decision, n.rule, n.impact, n.model_id)
     ),
     gone AS (
       DELETE FROM identity_link l USING diff d
       WHERE d.record_a IS NULL AND l.record_a = d.stored_a AND l.record_b = d.stored_b
       RETURNING 1
     ),
     changed AS (
       UPDATE identity_link l SET probability = d.probability, weight = d.weight, blocking_rule = d.blocking_rule, decision = d.decision,
         rule = d.rule, impact = d.impact, model_id = d.model_id, scored_at = now()
       FROM diff d
       WHERE d.stored_a IS NOT NULL AND d.record_a IS NOT NULL AND l.record_a = d.stored_a AND l.record_b = d.stored_b
       RETURNING 1
     ),
     added AS (
       INSERT INTO identity_link (${COLUMNS})
       SELECT ${COLUMNS} FROM diff d WHERE d.stored_a IS NULL
       RETURNING 1
     )
     SELECT ((SELECT count(*) FROM gone) + (SELECT count(*) FROM changed) + (SELECT count(*) FROM added))::int AS rows`,
  );
  return rows;
}
