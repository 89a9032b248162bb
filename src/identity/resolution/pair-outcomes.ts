// The pairs a resolution stores (identity_link), as columns by record index rather than one object per
// pair: a full run at 10^6 records stores 762,858 of them, and objects with two boxed numbers each cost
// about a second to build, collection while they lived, and a pass of their own to write.
import { BLOCKING_RULES } from '../engine/blocking';
import { LINK_DECISIONS } from './cluster-pieces';
import { recordIdOf } from '../../db/pg-array';

export type LinkDecision = (typeof LINK_DECISIONS)[number];

/** One stored pair, as the review queue and explanations read it back. */
export interface PairOutcome {
  a: string;
  b: string;
  probability: number;
  weight: number;
  blockingRule: string | null;
  decision: LinkDecision;
  /** what decided: a deterministic rule, a threshold, a refusal reason or a human decision */
  rule: string;
  /** review pairs: records of both customers, what a decision would change */
  impact: number;
}

/** Names of the blocking rules by code (a pair's `blockingRule`: its index, or -1 for none). */
const BLOCKING_RULE_NAMES: readonly string[] = BLOCKING_RULES.map((r) => r.name);

export class PairOutcomes {
  /** record index of each side, lower id first */
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly probability: Float64Array;
  readonly weight: Float64Array;
  /** index into BLOCKING_RULES, -1 for a pair no blocking rule produced (a human decision) */
  readonly blockingRule: Int8Array;
  /** index into LINK_DECISIONS */
  readonly decision: Int8Array;
  /** index into `rules` */
  readonly rule: Int32Array;
  readonly impact: Int32Array;
  private readonly ruleNames: string[] = [];
  private readonly ruleCodes = new Map<string, number>();
  private size = 0;
  private numbers: Float64Array | undefined;

  /** `ids`: the record id of each record index; `capacity`: the pairs to be added. */
  constructor(
    readonly ids: readonly string[],
    capacity: number,
  ) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.probability = new Float64Array(capacity);
    this.weight = new Float64Array(capacity);
    this.blockingRule = new Int8Array(capacity);
    this.decision = new Int8Array(capacity);
    this.rule = new Int32Array(capacity);
    this.impact = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** The rule names `rule` indexes. */
  get rules(): readonly string[] {
    return this.ruleNames;
  }

  /** Blocking rule names, by the codes in `blockingRule`. */
  static get blockingRules(): readonly string[] {
    return BLOCKING_RULE_NAMES;
  }

  add(a: number, b: number, probability: number, weight: number, blockingRule: number, decision: number, rule: string, impact: number): void {
    if (this.size >= this.a.length) throw new Error(`more pairs than the ${this.a.length} announced`);
    const i = this.size++;
    this.a[i] = a;
    this.b[i] = b;
    this.probability[i] = probability;
    this.weight[i] = weight;
    this.blockingRule[i] = blockingRule;
    this.decision[i] = decision;
    this.rule[i] = this.codeOf(rule);
    this.impact[i] = impact;
  }

  at(i: number): PairOutcome {
    const blockingRule = this.blockingRule[i]!;
    return {
      a: this.ids[this.a[i]!]!,
      b: this.ids[this.b[i]!]!,
      probability: this.probability[i]!,
      weight: this.weight[i]!,
      blockingRule: blockingRule >= 0 ? BLOCKING_RULE_NAMES[blockingRule]! : null,
      decision: LINK_DECISIONS[this.decision[i]!]!,
      rule: this.ruleNames[this.rule[i]!]!,
      impact: this.impact[i]!,
    };
  }

  /** Every pair as an object, in order: for tests, benches and small regions, never a full run's write. */
  toArray(): PairOutcome[] {
    const out: PairOutcome[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.at(i);
    return out;
  }

  count(decision: LinkDecision): number {
    const code = LINK_DECISIONS.indexOf(decision);
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.decision[i] === code) n++;
    return n;
  }

  /** A record's id as a number, by record index: parsed once, when a write first asks for it. */
  recordNumber(x: number): number {
    if (!this.numbers) this.numbers = new Float64Array(this.ids.length).fill(Number.NaN);
    let value = this.numbers[x]!;
    if (Number.isNaN(value)) value = this.numbers[x] = recordIdOf(this.ids[x]!);
    return value;
  }

  private codeOf(rule: string): number {
    let code = this.ruleCodes.get(rule);
    if (code === undefined) {
      code = this.ruleNames.push(rule) - 1;
      this.ruleCodes.set(rule, code);
    }
    return code;
  }
}
