// The Fellegi–Sunter match model: per attribute and level, m = P(level | same
// person) and u = P(level | different people); a level's evidence is
// log2(m/u) bits. `prior` is λ, the chance that two records drawn at random
// from the whole population are the same person. Plain data (JSON-safe) so a
// model can be stored, diffed and reloaded.
import { ATTRIBUTES, LEVELS, type Attribute } from './levels';

export interface LevelParameters {
  name: string;
  m: number;
  u: number;
}

export interface TermFrequencyTable {
  /** records with a value */
  total: number;
  /** value → records carrying it */
  counts: Record<string, number>;
}

/** Tables: first_name, last_name, birth_date, city, postcode. */
export type TermFrequencies = Record<string, TermFrequencyTable>;

export interface MatchModel {
  version: number;
  prior: number;
  attributes: Record<string, { levels: LevelParameters[] }>;
  tf: TermFrequencies;
}

/**
 * Bump when scoring changes meaning (a level's weight, the prior's estimate): a stored model of another
 * version is replaced and everything re-clustered on the next run. 2: the prior is the population share,
 * an address spelling a name weighs as a surname agreement, name-built addresses are no mailbox evidence.
 * 3: birth levels for a year spelled by the email of a record without birth date.
 * 4: estimated over the blocking rules of key version 4 (other EM sessions, other candidate pairs).
 * 5: the email level same_local_letters, with same_local_letters and else weighed against namesakes.
 * 6: identifiers one edit apart in two records of the same source conflict instead of counting as a typo.
 * 7: a local part that is a first name alone (linda@, bob@ for Robert) is built from a name, and at the
 *    one-edit level so is a first name with one more letter (davidj@ / david@): no mailbox evidence.
 */
export const MODEL_VERSION = 7;

/**
 * Hand-set m and u (missing last, m = u = 1, i.e. zero weight). The u values
 * are chance agreement in a population of ~10^5 people (a shared birth date
 * 1 in 30,000, a shared surname 1 in 300; a shared email, phone or customer
 * number so rare that one alone outweighs the prior); the m values assume
 * messy sources (people change email and phone, move house, mistype).
 */
const DEFAULTS: Readonly<Record<Attribute, readonly (readonly [number, number])[]>> = {
  first_name: [
    [0.8, 0.01], [0.05, 0.004], [0.025, 0.004], [0.05, 0.001], [0.03, 0.003], [0.015, 0.03], [0.005, 0.006], [0.025, 0.942],
  ],
  last_name: [[0.84, 0.003], [0.06, 0.002], [0.025, 0.003], [0.03, 0.002], [0.005, 0.035], [0.005, 0.004], [0.035, 0.951]],
  birth_date: [
    [0.81, 3e-5], [0.02, 1e-5], [0.05, 5e-4], [0.02, 3e-4], [0.03, 2e-3], [0.02, 2e-3], [0.005, 1e-3], [0.005, 0.011], [0.035, 0.96316], [0.005, 0.02],
  ],
  // same_local_letters and else: u among namesakes (see estimate-model.ts), where a quarter share the letters.
  email: [[0.7, 2e-7], [0.03, 2e-6], [0.05, 5e-5], [0.05, 1e-4], [0.06, 0.25], [0.11, 0.7498478]],
  phone: [[0.72, 5e-7], [0.03, 2e-5], [0.25, 0.9999795]],
  address: [[0.6, 1e-5], [0.05, 5e-4], [0.05, 1e-3], [0.1, 0.03], [0.2, 0.96849]],
  identifier: [[0.95, 1e-7], [0.01, 1e-5], [0.04, 0.9999899]],
};

export function defaultModel(): MatchModel {
  const attributes: MatchModel['attributes'] = {};
  for (const attribute of ATTRIBUTES) {
    const names = LEVELS[attribute];
    const params = DEFAULTS[attribute];
    attributes[attribute] = {
      levels: names.map((name, i) => (i < params.length ? { name, m: params[i]![0], u: params[i]![1] } : { name, m: 1, u: 1 })),
    };
  }
  return { version: MODEL_VERSION, prior: 1e-5, attributes, tf: {} };
}

export { estimateModel } from './estimate-model';
export { termFrequencies } from './term-frequencies';
