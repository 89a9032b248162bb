import { chainEntries, GENESIS_HASH, hashEntry, serialiseEntry } from '../../../src/audit/hash-chain';
import { canonicalTime, normaliseRecord } from '../../../src/audit/normalise-entry';
import { CUSTOMER_A, CUSTOMER_B, entry } from './entries';

describe('entry serialisation', () => {
  it('is a JSON array in the documented order, fields as sorted pairs', () => {
    expect(serialiseEntry(entry(1, { fields: { 'b.y': 'denied', 'a.x': 'allowed' } }))).toBe(
      JSON.stringify([
        'tessera.access_log.v1', '2026-11-25T10:00:01.123000Z', 'req-1', 'agent-7', ['support_agent'], 'support_case',
        'console', 'CustomerProfile', 'ab'.repeat(32), [CUSTOMER_A], [['a.x', 'allowed'], ['b.y', 'denied']], 'ok',
      ]),
    );
  });

  it('does not depend on the order fields were added in', () => {
    const a = entry(1, { fields: { 'a.x': 'allowed', 'b.y': 'masked' } });
    const b = entry(1, { fields: { 'b.y': 'masked', 'a.x': 'allowed' } });
    expect(serialiseEntry(a)).toBe(serialiseEntry(b));
  });

  it.each([
    ['time', { at: '2026-11-25T10:00:01.123001Z' }],
    ['actor', { actor: 'agent-8' }],
    ['roles', { roles: ['admin'] }],
    ['purpose', { purpose: 'analytics' }],
    ['client', { client: null }],
    ['customers', { customerIds: [CUSTOMER_B] }],
    ['a decision', { fields: { 'Customer.displayName': 'allowed', 'ProfileEmail.value': 'allowed' } as const }],
    ['the outcome', { outcome: 'denied' }],
  ])('changes when %s changes', (_name, change) => {
    expect(hashEntry(GENESIS_HASH, entry(1, change))).not.toBe(hashEntry(GENESIS_HASH, entry(1)));
  });

  it('distinguishes null from the string "null" and an empty list from a missing one', () => {
    expect(serialiseEntry(entry(1, { client: null }))).not.toBe(serialiseEntry(entry(1, { client: 'null' })));
    expect(serialiseEntry(entry(1, { customerIds: [] }))).not.toBe(serialiseEntry(entry(1, { customerIds: [''] })));
  });
});

describe('hash chain', () => {
  it('is SHA-256 over prev hash, newline and serialisation', () => {
    const { createHash } = require('node:crypto');
    const e = entry(1);
    expect(hashEntry(GENESIS_HASH, e)).toBe(createHash('sha256').update(`${GENESIS_HASH}\n${serialiseEntry(e)}`).digest('hex'));
  });

  it('chains dense positions after the head, each linking to the one before', () => {
    const first = chainEntries({ position: 0, hash: GENESIS_HASH }, [entry(1), entry(2)]);
    const more = chainEntries({ position: 2, hash: first[1].hash }, [entry(3)]);
    expect([...first, ...more].map((e) => e.position)).toEqual([1, 2, 3]);
    expect(first[0].prevHash).toBe(GENESIS_HASH);
    expect(first[1].prevHash).toBe(first[0].hash);
    expect(more[0].prevHash).toBe(first[1].hash);
    expect(more[0].hash).toBe(hashEntry(first[1].hash, entry(3)));
  });
});

describe('normaliseRecord', () => {
  const record = {
    requestId: 'r', actor: 'a', roles: ['marketing', 'analyst', 'marketing'], purpose: 'p',
    customerIds: [CUSTOMER_B.toUpperCase(), CUSTOMER_A, CUSTOMER_B], fields: { 'z.z': 'redacted', 'a.a': 'pseudonymised' } as const, outcome: 'ok',
  };

  it('sorts and deduplicates roles and ids, lower-cases ids, sorts fields, fills absent values with null', () => {
    const e = normaliseRecord(record, new Date('2026-11-25T10:00:00.5Z'));
    expect(e).toEqual({
      at: '2026-11-25T10:00:00.500000Z', requestId: 'r', actor: 'a', roles: ['analyst', 'marketing'], purpose: 'p',
      client: null, operationName: null, queryHash: null, customerIds: [CUSTOMER_B, CUSTOMER_A].sort(),
      fields: { 'a.a': 'pseudonymised', 'z.z': 'redacted' }, outcome: 'ok',
    });
    expect(Object.keys(e.fields)).toEqual(['a.a', 'z.z']);
  });

  it('refuses a customer id that is not a uuid (a value in place of an id) and an unknown decision', () => {
    expect(() => normaliseRecord({ ...record, customerIds: ['jane@example.com'] })).toThrow(/not a uuid/);
    expect(() => normaliseRecord({ ...record, fields: { 'a.a': 'shown' as never } })).toThrow(/unknown decision/);
  });

  it('keeps times in UTC with microseconds', () => {
    expect(canonicalTime(new Date('2026-01-02T03:04:05.006+02:00'))).toBe('2026-01-02T01:04:05.006000Z');
    expect(() => canonicalTime(new Date('nope'))).toThrow();
  });
});
