// Pair scoring: the sum of per-attribute evidence (log2 Bayes factors, with
// term-frequency adjustment on exact agreements) plus the prior log-odds,
// and the family rule (family-rule.ts) on top.
import { identifierConflicts } from './compare-fields';
import { compare, compareInto } from './comparisons';
import {
  ADDRESS,
  ADDRESS_LEVEL,
  ATTRIBUTES,
  BIRTH,
  BIRTH_DATE,
  EMAIL,
  EMAIL_LEVEL,
  FIRST_NAME,
  IDENTIFIER,
  LAST_NAME,
  LEVELS,
} from './levels';
import type { MatchRecord } from './match-record';
import type { MatchModel } from './model';
import { compileModel, type CompiledModel, tfWeight } from './compiled-model';
import { familyExcess, familyShared, personalDisagreement } from './family-rule';
import { inIdOrder } from './pair-order';

export interface AttributeEvidence {
  attribute: string;
  level: string;
  /** log2 Bayes factor, including the term-frequency adjustment */
  weight: number;
  left?: string;
  right?: string;
}

export interface Score {
  /** log2 odds of a match, prior included: the sum of the evidence weights */
  weight: number;
  probability: number;
  evidence: AttributeEvidence[];
  /** strong disagreements that forbid a merge, e.g. 'identifier:customer_number', 'birth_date' */
  conflicts: string[];
}

const scratch = new Int8Array(ATTRIBUTES.length);

/** Weight of one attribute at its level, term-frequency adjusted where the level is an exact agreement. */
function attributeWeight(c: CompiledModel, attr: number, level: number, swapped: boolean, a: MatchRecord, b: MatchRecord): number {
  const base = c.weights[attr]![level]!;
  const m = c.m[attr]![level]!;
  switch (attr) {
    case FIRST_NAME:
      return level === 0 && !swapped ? tfWeight(c.tf.first_name, a.firstName, m, base) : base;
    case LAST_NAME:
      return level === 0 && !swapped ? tfWeight(c.tf.last_name, a.lastName, m, base) : base;
    case BIRTH_DATE:
      return level === 0 ? tfWeight(c.tf.birth_date, a.birthKey, m, base) : base;
    case EMAIL:
      // The address stands in for the missing surname, and only for it: the name it spells holds the first
      // name too, which the first-name comparison already counted. So it weighs as a surname agreement
      // (term-frequency adjusted); weighed as its own level it counted the first name twice and read
      // 3 bits too sure (bench/identity/errors.ts calibration: mean p 0.95 where 71% were one person).
      return level === EMAIL_LEVEL.nameInLocal ? tfWeight(c.tf.last_name, a.lastName ?? b.lastName, c.m[LAST_NAME]![0]!, c.weights[LAST_NAME]![0]!) : base;
    case ADDRESS:
      if (level === ADDRESS_LEVEL.samePostcode) return tfWeight(c.tf.postcode, a.postcode, m, base);
      if (level === ADDRESS_LEVEL.sameArea && a.city !== undefined && a.city === b.city) {
        return tfWeight(c.tf.city, a.city, m, base);
      }
      return base;
    default:
      return base;
  }
}

function weigh(c: CompiledModel, levels: Int8Array, swapped: boolean, a: MatchRecord, b: MatchRecord, out: number[] | Float64Array): number {
  let total = c.priorLogit;
  for (let attr = 0; attr < ATTRIBUTES.length; attr++) {
    const w = attributeWeight(c, attr, levels[attr]!, swapped, a, b);
    out[attr] = w;
    total += w;
  }
  const excess = familyExcess(out, levels, swapped, c.priorLogit);
  out[ATTRIBUTES.length] = -excess;
  return total - excess;
}

const scratchWeights = new Float64Array(ATTRIBUTES.length + 1);

/** Hot path: the pair's log2 odds only, no allocation. */
export function matchWeight(a: MatchRecord, b: MatchRecord, model: MatchModel | CompiledModel): number {
  const c = 'weights' in model ? model : compileModel(model);
  const swapped = compareInto(a, b, scratch);
  return weigh(c, scratch, swapped, a, b, scratchWeights);
}

/** Hot path for a pair already compared with compareInto: its log2 odds, no allocation. */
export function weighLevels(a: MatchRecord, b: MatchRecord, levels: Int8Array, swapped: boolean, c: CompiledModel): number {
  return weigh(c, levels, swapped, a, b, scratchWeights);
}

/**
 * A pair's weight apart from the prior, for estimating the prior: the attribute weights summed, and the
 * part of them the family rule caps (−Infinity: none). weight = prior + sum − max(0, shared − max(0, −prior)).
 */
export function priorFreeWeights(a: MatchRecord, b: MatchRecord, c: CompiledModel): { sum: number; shared: number } {
  const swapped = compareInto(a, b, scratch);
  let sum = 0;
  for (let attr = 0; attr < ATTRIBUTES.length; attr++) {
    const w = attributeWeight(c, attr, scratch[attr]!, swapped, a, b);
    scratchWeights[attr] = w;
    sum += w;
  }
  return { sum, shared: familyShared(scratchWeights, scratch, swapped) };
}

export function probabilityOf(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

export function conflictsOf(a: MatchRecord, b: MatchRecord, levels: ArrayLike<number>): string[] {
  const out: string[] = [];
  if (levels[IDENTIFIER] !== LEVELS.identifier.length - 1) {
    for (const type of identifierConflicts(a, b)) out.push(`identifier:${type}`);
  }
  // Two birth dates no typo explains (see compare-fields birthLevel).
  if (levels[BIRTH_DATE] === BIRTH.else) out.push('birth_date');
  return out;
}

/**
 * Full score with one evidence line per attribute (plus the prior and any family cap) for explanations:
 * computed in id order (inIdOrder), with each line's values on the side of the record they belong to.
 */
export function score(a: MatchRecord, b: MatchRecord, model: MatchModel): Score {
  const [x, y] = inIdOrder(a, b);
  if (x === a) return scoreInOrder(a, b, model);
  const s = scoreInOrder(x, y, model);
  return { ...s, evidence: s.evidence.map(({ left, right, ...line }) => ({ ...line, ...(right !== undefined && { left: right }), ...(left !== undefined && { right: left }) })) };
}

function scoreInOrder(a: MatchRecord, b: MatchRecord, model: MatchModel): Score {
  const c = compileModel(model);
  const vector = compare(a, b);
  const levels = Int8Array.from(vector.levels);
  const weights: number[] = [];
  const weight = weigh(c, levels, vector.swapped, a, b, weights);
  const evidence: AttributeEvidence[] = [{ attribute: 'prior', level: 'prior', weight: c.priorLogit }];
  for (const item of vector.attributes) {
    const i = ATTRIBUTES.indexOf(item.attribute);
    const swappedName = vector.swapped && (i === FIRST_NAME || i === LAST_NAME);
    const line: AttributeEvidence = {
      attribute: item.attribute,
      level: swappedName ? `${item.levelName} (swapped)` : item.levelName,
      weight: weights[i]!,
    };
    if (item.left !== undefined) line.left = item.left;
    if (item.right !== undefined) line.right = item.right;
    evidence.push(line);
  }
  const cap = weights[ATTRIBUTES.length]!;
  if (cap !== 0) {
    const reason = `${personalDisagreement(levels, vector.swapped)} differ: shared family details capped at the prior`;
    evidence.push({ attribute: 'family', level: reason, weight: cap });
  }
  return { weight, probability: probabilityOf(weight), evidence, conflicts: conflictsOf(a, b, levels) };
}
