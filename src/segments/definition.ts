// The segment definition once validated: a typed condition tree. The stored form is the JSON the caller
// sent (see docs/segments.md); validate-definition.ts turns it into this, compile-definition.ts into SQL.

/** Value types a condition can compare. `presence` only knows whether a value exists at all. */
export type ValueType = 'number' | 'integer' | 'timestamp' | 'date' | 'text' | 'boolean' | 'presence';

export const OPERATORS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'in',
  'notIn',
  'isNull',
  'isNotNull',
  'withinDays',
  'olderThanDays',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type Scalar = number | string | boolean;

/** A test of one value. Comparisons never match a missing value (use isNull), `not` is the complement. */
export type ValueTest =
  | { op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: Scalar }
  | { op: 'between'; low: Scalar; high: Scalar }
  | { op: 'in' | 'notIn'; values: Scalar[] }
  | { op: 'isNull' | 'isNotNull' }
  | { op: 'withinDays' | 'olderThanDays'; days: number };

/** Operators each value type accepts. Single-valued traits get ne/notIn; multi-valued profile values do not. */
export const OPERATORS_BY_TYPE: Record<ValueType, readonly Operator[]> = {
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'notIn', 'isNull', 'isNotNull'],
  integer: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'notIn', 'isNull', 'isNotNull'],
  timestamp: ['lt', 'lte', 'gt', 'gte', 'between', 'isNull', 'isNotNull', 'withinDays', 'olderThanDays'],
  date: ['eq', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull', 'isNotNull'],
  text: ['eq', 'ne', 'in', 'notIn', 'isNull', 'isNotNull'],
  boolean: ['eq', 'ne', 'isNull', 'isNotNull'],
  presence: ['isNull', 'isNotNull'],
};

/** A computed trait as segments need it (src/metrics/trait-catalog.ts is the catalogue). */
export interface TraitSpec {
  name: string;
  /** Column of customer_metrics: an identifier from the typed catalogue, never from a caller. */
  column: string;
  type: 'number' | 'integer' | 'timestamp' | 'text' | 'boolean';
  /** Privacy classification (src/privacy/policy.json) of the trait. */
  classification: string;
  description?: string;
  /** How a caller's value is written as the trait stores it (a currency code upper case). */
  normalise?: (value: string) => string;
}

export type SourceSystem = 'crm' | 'support' | 'marketing' | 'other';

export type Condition =
  | { kind: 'and'; path: string; children: Condition[] }
  | { kind: 'or'; path: string; children: Condition[] }
  | { kind: 'not'; path: string; child: Condition }
  | { kind: 'trait'; path: string; trait: TraitSpec; test: ValueTest }
  | { kind: 'profile'; path: string; attribute: string; test: ValueTest }
  | { kind: 'source'; path: string; system: SourceSystem | null; name: string | null }
  | { kind: 'consent'; path: string; channel: string; granted: boolean }
  | {
      kind: 'event';
      path: string;
      type: string;
      channel: string | null;
      source: string | null;
      /** At least this many (0: none required, then `max` must be set). */
      min: number;
      max: number | null;
      withinDays: number;
    };

export type LeafCondition = Exclude<Condition, { kind: 'and' | 'or' | 'not' }>;

/** Every leaf of a tree, depth first. */
export function leavesOf(condition: Condition): LeafCondition[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.children.flatMap(leavesOf);
    case 'not':
      return leavesOf(condition.child);
    default:
      return [condition];
  }
}
