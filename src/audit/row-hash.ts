import * as crypto from 'node:crypto';
import { ENTRY_FORMAT } from './hash-chain';

/**
 * The fast path of verification: the documented serialisation (hash-chain.ts) built straight from the row
 * text PostgreSQL sends, without building entry objects. It must give the same bytes as serialiseEntry for
 * every row; wherever a shortcut could differ it falls back to JSON.stringify (tests/unit/audit/row-hash.test.ts).
 */
export const VERIFY_COLUMNS = `position::text, at::text, request_id, actor, to_json(roles)::text, purpose, client, operation_name,
  query_hash, to_json(customer_ids)::text, field_set, outcome, prev_hash, hash`;

/** One row of VERIFY_COLUMNS (rowMode 'array'), read with TimeZone UTC and DateStyle ISO. */
export type VerifyRow = [
  position: string,
  at: string,
  requestId: string,
  actor: string,
  roles: string,
  purpose: string,
  client: string | null,
  operationName: string | null,
  queryHash: string | null,
  customerIds: string,
  fieldSet: string,
  outcome: string,
  prevHash: string,
  hash: string,
];

/** Characters JSON.stringify escapes (lone surrogates included; paired ones take the slow path too, harmlessly). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return ESCAPED.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function quoteOrNull(s: string | null): string {
  return s === null ? 'null' : quote(s);
}

/**
 * PostgreSQL's JSON text of a text[] equals JSON.stringify of the array when it holds no backslash (nothing
 * was escaped by either: PostgreSQL escapes a superset of what JSON.stringify does for valid UTF-8).
 */
function jsonArray(pgJson: string): string {
  return pgJson.indexOf('\\') === -1 ? pgJson : JSON.stringify(JSON.parse(pgJson));
}

/**
 * The field sets a log names (access_field_set), each as the serialisation it contributes to an entry: id →
 * `[[coordinate, decision], …]`. Built from the stored content, so an edited set changes every entry's hash.
 */
export type FieldSetPairs = ReadonlyMap<string, string>;

export async function loadFieldSetPairs(client: { query(text: string): Promise<{ rows: any[] }> }): Promise<FieldSetPairs> {
  const { rows } = await client.query(`SELECT id, fields::text AS fields FROM access_field_set`);
  return new Map(rows.map((r: { id: string; fields: string }) => [r.id, fieldPairs(r.fields)]));
}

/** `fields` jsonb text → `[[coordinate, decision], …]` sorted by coordinate, as serialiseEntry writes it. */
export function fieldPairs(jsonbText: string): string {
  const fields = JSON.parse(jsonbText) as Record<string, unknown>;
  const keys = Object.keys(fields).sort();
  let out = '[';
  for (let i = 0; i < keys.length; i++) {
    const value = fields[keys[i]!];
    out += `${i ? ',' : ''}[${quote(keys[i]!)},${typeof value === 'string' ? quote(value) : JSON.stringify(value)}]`;
  }
  return `${out}]`;
}

/**
 * `2026-11-25 10:00:01.123+00` (timestamptz text in UTC, ISO style, trailing zeros dropped) → the canonical
 * `2026-11-25T10:00:01.123000Z`. A time outside years 0–9999 is returned as it is: it cannot have been
 * written by canonicalTime, so the entry does not verify.
 */
export function canonicalTimeOfText(t: string): string {
  const n = t.length;
  if (n < 22 || t.charCodeAt(10) !== 32 || t.charCodeAt(n - 3) !== 43 || t.charCodeAt(n - 2) !== 48 || t.charCodeAt(n - 1) !== 48) return t;
  const fraction = n === 22 ? '' : t.charCodeAt(19) === 46 ? t.slice(20, n - 3) : null;
  if (fraction === null || fraction.length > 6) return t;
  return `${t.slice(0, 10)}T${t.slice(11, 19)}.${fraction.padEnd(6, '0')}Z`;
}

/** A row naming a set that is not there serialises with `null` in its place, so it cannot match its hash. */
export function serialiseRow(r: VerifyRow, sets: FieldSetPairs): string {
  return (
    `["${ENTRY_FORMAT}",${quote(canonicalTimeOfText(r[1]))},${quote(r[2])},${quote(r[3])},${jsonArray(r[4])},${quote(r[5])},` +
    `${quoteOrNull(r[6])},${quoteOrNull(r[7])},${quoteOrNull(r[8])},${jsonArray(r[9])},${sets.get(r[10]) ?? 'null'},${quote(r[11])}]`
  );
}

// crypto.hash (Node ≥ 20.12) hashes a string in one call, without a Hash object per entry.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

/** hash = hex(SHA-256(prev_hash + "\n" + serialisation)), of the row as stored. */
export function hashRow(r: VerifyRow, sets: FieldSetPairs): string {
  const text = r[12] + '\n' + serialiseRow(r, sets);
  return oneShot ? oneShot('sha256', text) : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
