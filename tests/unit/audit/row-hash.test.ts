import type { AccessEntry } from '../../../src/audit/access-entry';
import { hashEntry, serialiseEntry } from '../../../src/audit/hash-chain';
import { canonicalTimeOfText, fieldPairs, hashRow, serialiseRow, type VerifyRow } from '../../../src/audit/row-hash';
import { entry } from './entries';

/** PostgreSQL's JSON text escaping (escape_json): quote, backslash, \b\f\n\r\t, other controls as \u00XX. */
function pgJsonString(s: string): string {
  const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return `"${[...s].map((c) => named[c] ?? (c.charCodeAt(0) < 0x20 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`;
}

/** The text PostgreSQL sends for a stored field set's jsonb: shorter keys first, with spaces. */
function jsonbTextOf(e: AccessEntry): string {
  const keys = Object.keys(e.fields).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return `{${keys.map((k) => `${pgJsonString(k)}: ${pgJsonString(e.fields[k]!)}`).join(', ')}}`;
}

/** The row PostgreSQL would send for an entry (VERIFY_COLUMNS), naming field set `set-1`. */
function rowOf(e: AccessEntry, prevHash = '0'.repeat(64)): VerifyRow {
  const [date, time] = e.at.replace('Z', '').split('T');
  const at = `${date} ${time!.replace(/\.?0+$/, '')}+00`;
  const array = (values: string[]) => `[${values.map(pgJsonString).join(',')}]`;
  return ['1', at, e.requestId, e.actor, array(e.roles), e.purpose, e.client, e.operationName, e.queryHash, array(e.customerIds), 'set-1', e.outcome, prevHash, 'x'];
}

describe('serialiseRow: the same bytes as serialiseEntry, from the row text', () => {
  it.each<[string, Partial<AccessEntry>]>([
    ['a plain entry', {}],
    ['nulls', { client: null, operationName: null, queryHash: null }],
    ['no customers, no fields', { customerIds: [], fields: {} }],
    ['quotes and backslashes', { actor: 'o"brien\\x', roles: ['a"b', 'c\\d'], client: 'curl "x"' }],
    ['control characters', { requestId: 'a\tb\nc\u0001\u001f', operationName: '\b\f\r' }],
    ['non-ASCII and astral', { actor: 'Zoë 😀 ü', purpose: 'ñ', fields: { 'Ä.b': 'allowed', 'z.😀': 'masked', 'a.b': 'denied' } }],
    ['DEL and U+2028', { client: 'x\u007fy\u2028z' }],
    ['field keys jsonb orders differently', { fields: { 'Customer.displayName': 'allowed', 'A.b': 'masked', 'ProfileEmail.value': 'redacted', 'B.aa': 'allowed' } }],
    ['whole seconds and microseconds', { at: '2026-11-25T10:00:01.000000Z' }],
    ['microseconds', { at: '2026-11-25T10:00:01.000001Z' }],
  ])('%s', (_name, overrides) => {
    const e = entry(7, overrides);
    const row = rowOf(e, 'ab'.repeat(32));
    const sets = new Map([['set-1', fieldPairs(jsonbTextOf(e))]]);
    expect(serialiseRow(row, sets)).toBe(serialiseEntry(e));
    expect(hashRow(row, sets)).toBe(hashEntry('ab'.repeat(32), e));
  });

  it('cannot match its hash when the field set it names is missing', () => {
    const e = entry(7);
    expect(hashRow(rowOf(e), new Map())).not.toBe(hashEntry('0'.repeat(64), e));
  });

  it.each([
    ['2026-11-25 10:00:01.123+00', '2026-11-25T10:00:01.123000Z'],
    ['2026-11-25 10:00:01+00', '2026-11-25T10:00:01.000000Z'],
    ['2026-11-25 10:00:01.000001+00', '2026-11-25T10:00:01.000001Z'],
    ['12026-11-25 10:00:01+00', '12026-11-25 10:00:01+00'],
    ['2026-11-25 10:00:01+01', '2026-11-25 10:00:01+01'],
  ])('reads time %s', (text, canonical) => {
    expect(canonicalTimeOfText(text)).toBe(canonical);
  });
});
