/** What the policy did with one field of one read (docs/privacy.md, "Actions"). */
export const DECISIONS = ['allowed', 'masked', 'pseudonymised', 'redacted', 'denied'] as const;
export type Decision = (typeof DECISIONS)[number];

export function isDecision(value: unknown): value is Decision {
  return typeof value === 'string' && (DECISIONS as readonly string[]).includes(value);
}

/** One access, as the API reports it. Ids and field coordinates only: never personal values. */
export interface AccessRecord {
  requestId: string;
  /** The token subject. */
  actor: string;
  roles: string[];
  purpose: string;
  client?: string | null;
  operationName?: string | null;
  /** SHA-256 of the query text (hashQuery), so the log never holds literals a query may contain. */
  queryHash?: string | null;
  customerIds: string[];
  /** Field coordinate (`Type.field`) → decision. */
  fields: Readonly<Record<string, Decision>>;
  /** e.g. `ok`, `denied`, `error`. */
  outcome: string;
  /** When the access happened; defaults to the time it is recorded. */
  at?: Date;
}

/** An entry as hashed and stored: normalised, with the canonical time string (UTC, microseconds). */
export interface AccessEntry {
  at: string;
  requestId: string;
  actor: string;
  roles: string[];
  purpose: string;
  client: string | null;
  operationName: string | null;
  queryHash: string | null;
  customerIds: string[];
  /** Sorted by coordinate; stored once per distinct set (field-set.ts). */
  fields: Readonly<Record<string, Decision>>;
  outcome: string;
}

export interface ChainedEntry extends AccessEntry {
  position: number;
  prevHash: string;
  hash: string;
}
