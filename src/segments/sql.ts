// Small helpers the segment SQL is built with: every value a caller gave becomes a numbered parameter;
// identifiers come only from typed catalogues and are checked before they are quoted.

export interface CompiledQuery {
  sql: string;
  params: unknown[];
}

/** The SQL types parameters are cast to (so a plan never depends on how node-postgres sent the value). */
export type SqlType = 'numeric' | 'bigint' | 'integer' | 'text' | 'boolean' | 'timestamptz' | 'date' | 'uuid';

export class SqlParams {
  readonly values: unknown[] = [];

  /** `$n::type` for a new parameter. */
  add(value: unknown, type: SqlType): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }

  /** `$n::type[]` for a list parameter. */
  list(values: readonly unknown[], type: SqlType): string {
    this.values.push([...values]);
    return `$${this.values.length}::${type}[]`;
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A column name from a catalogue, quoted; anything else is a programming error, never a caller's. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Live person records (the rows that carry the customer id). */
export const LIVE_PERSON = 'p.customer_id IS NOT NULL AND p.person IS NOT NULL AND p.deleted_at IS NULL';

/** When a record last changed, as its source says, else when Tessera saw the change (profile/records.ts changedAt). */
export const CHANGED_AT = (alias: string) => `coalesce(${alias}.source_changed_at, ${alias}.last_changed_at)`;
