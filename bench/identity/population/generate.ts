// Identity-resolution test populations with known truth. Its own seed and tables, separate
// from the demo data (it only borrows the demo's PRNG, phone formats and name tables).
//
//   for (const record of generatePopulation({ records: 100_000, seed: 1, difficulty: 'hard' })) …
//
// People come in households (2–5 sharing surname, address, landline, sometimes an email), with
// twins (same surname, birth date and address, different first names) and namesakes (same
// common name and birth year, another city): all different people. Each person has 1–4 records
// in distinct sources, corrupted per `difficulty` (see RATES in corrupt.ts).
import { rngFor } from '../../../src/demo/prng';
import type { PersonAttributes } from '../../../src/sources/record';
import { Corruption, Difficulty, RATES, renderRecord } from './corrupt';
import { PeopleStream } from './people';

export type { Corruption, Difficulty } from './corrupt';
export { RATES } from './corrupt';
export { generateHouseholds } from './people';
export type { Household, TruePerson } from './people';

export const DEFAULT_SOURCES: readonly string[] = ['crm', 'support', 'marketing', 'shop'];

export interface PopulationOptions {
  records: number;
  seed: number;
  difficulty: Difficulty;
  /** Default ['crm', 'support', 'marketing', 'shop']. */
  sources?: string[];
}

export interface TruthRecord {
  /** Unique, and says nothing about the person: `crm-3f9a0c12`. */
  id: string;
  source: string;
  /** The real person's id (`P0000001`). */
  truth: string;
  person: PersonAttributes;
  /** What was done to this record (empty when it is a clean copy). */
  corruptions: readonly Corruption[];
}

/** Bijective 32-bit mix of the record number: unique ids that do not reveal order or person. */
function recordKey(n: number, seed: number): string {
  let x = (n ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x.toString(16).padStart(8, '0');
}

/**
 * Deterministic for a seed. Generates people household by household, then 1–4 records per
 * person across sources with corruption, until `records` records exist. Streams: memory stays
 * bounded whatever the size (the last person may be cut short).
 */
export function* generatePopulation(options: PopulationOptions): Generator<TruthRecord> {
  const { records, seed, difficulty } = options;
  const sources = options.sources ?? [...DEFAULT_SOURCES];
  if (!Number.isInteger(records) || records < 0) throw new Error(`records must be a non-negative integer, got ${records}`);
  if (records >= 2 ** 32) throw new Error('at most 2^32 - 1 records');
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (sources.length === 0 || new Set(sources).size !== sources.length) throw new Error('sources must be distinct and non-empty');
  const rates = RATES[difficulty];
  if (!rates) throw new Error(`unknown difficulty ${String(difficulty)}`);

  const people = new PeopleStream(seed, sources);
  let produced = 0;
  while (produced < records) {
    for (const truth of people.next().people) {
      for (const source of truth.sources) {
        if (produced >= records) return;
        const rng = rngFor(seed, 0x2e, truth.index, sources.indexOf(source));
        const { person, corruptions } = renderRecord(rng, truth, source, rates);
        yield { id: `${source}-${recordKey(produced, seed)}`, source, truth: truth.id, person, corruptions };
        produced++;
      }
    }
  }
}
