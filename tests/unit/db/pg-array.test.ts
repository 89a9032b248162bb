import { randomUUID } from 'node:crypto';
import { binaryBigintArray, binaryFloat8Array, binaryRecordIdArray, binaryIntArray, binaryTextArray, binaryTimestampArray, binaryUuidArray, pgArrayLiteral } from '../../../src/db/pg-array';
import { canonicalTime } from '../../../src/audit/normalise-entry';
import { normaliseCustomerIds, normaliseRecord } from '../../../src/audit/normalise-entry';

const header = (b: Buffer) => [0, 4, 8, 12, 16].filter((o) => o < b.length).map((o) => b.readInt32BE(o));

describe('binary arrays (array_send format)', () => {
  it('writes uuid[]: one dimension, no nulls, element type uuid, 16 bytes per id', () => {
    const ids = ['00000000-0000-4000-8000-000000000001', 'ffeeddcc-bbaa-4998-8877-665544332211'];
    const b = binaryUuidArray(ids);
    expect(header(b)).toEqual([1, 0, 2950, 2, 1]);
    expect(b.length).toBe(20 + 2 * 20);
    expect(b.readInt32BE(20)).toBe(16);
    expect(b.subarray(24, 40).toString('hex')).toBe('00000000000040008000000000000001');
    expect(b.readInt32BE(40)).toBe(16);
    expect(b.subarray(44, 60).toString('hex')).toBe('ffeeddccbbaa49988877665544332211');
  });

  it('writes the empty array without dimensions', () => {
    expect(header(binaryUuidArray([]))).toEqual([0, 0, 2950]);
    expect(header(binaryTextArray([]))).toEqual([0, 0, 25]);
  });

  it.each(['00000000-0000-4000-8000-00000000000G', '00000000-0000-4000-8000-00000000000A', '000000000-000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000011', 'jane@example.com'])(
    'refuses %s (not a canonical uuid): no id is ever stored as another',
    (id) => {
      expect(() => binaryUuidArray(['00000000-0000-4000-8000-000000000001', id])).toThrow(/not a canonical uuid/);
    },
  );

  it('writes text[] as UTF-8 with byte lengths (non-ASCII, astral, quotes, backslashes as they are)', () => {
    const values = ['["tessera",\\"x\\"]', 'Zoë – 😀', ''];
    const b = binaryTextArray(values);
    expect(header(b)).toEqual([1, 0, 25, 3, 1]);
    let at = 20;
    for (const v of values) {
      const length = b.readInt32BE(at);
      expect(b.subarray(at + 4, at + 4 + length).toString('utf8')).toBe(v);
      at += 4 + length;
    }
    expect(at).toBe(b.length);
  });

  it('writes null text elements as length -1 and sets the has-nulls flag', () => {
    const b = binaryTextArray(['a', null, 'bc']);
    expect(header(b)).toEqual([1, 1, 25, 3, 1]);
    expect(b.readInt32BE(20)).toBe(1);
    expect(b.toString('utf8', 24, 25)).toBe('a');
    expect(b.readInt32BE(25)).toBe(-1);
    expect(b.readInt32BE(29)).toBe(2);
    expect(b.toString('utf8', 33, 35)).toBe('bc');
    expect(b.length).toBe(35);
    expect(header(binaryTextArray(['a']))[1]).toBe(0);
  });

  it('writes int4[] with 4-byte elements, and refuses what is not an int4', () => {
    const b = binaryIntArray([1, -2, 2147483647]);
    expect(header(b)).toEqual([1, 0, 23, 3, 1]);
    expect([0, 1, 2].map((i) => [b.readInt32BE(20 + i * 8), b.readInt32BE(24 + i * 8)])).toEqual([
      [4, 1],
      [4, -2],
      [4, 2147483647],
    ]);
    expect(() => binaryIntArray([2147483648])).toThrow(/not an int4/);
    expect(() => binaryIntArray([1.5])).toThrow(/not an int4/);
  });

  it('writes float8[] with 8-byte IEEE elements, extremes as they are, and refuses what is not a number', () => {
    const values = [0.5, -3.25, Number.MIN_VALUE, -Infinity];
    const b = binaryFloat8Array(values);
    expect(header(b)).toEqual([1, 0, 701, 4, 1]);
    expect(values.map((_, i) => [b.readInt32BE(20 + i * 12), b.readDoubleBE(24 + i * 12)])).toEqual(values.map((v) => [8, v]));
    expect(() => binaryFloat8Array([1, '2' as unknown as number])).toThrow(/not a number/);
  });

  it('writes int8[] from decimal record ids, past 2^32, and refuses anything else', () => {
    const b = binaryBigintArray(['1', '1', '4294967297', '9007199254740991']);
    expect(header(b)).toEqual([1, 0, 20, 4, 1]);
    expect([0, 1, 2, 3].map((i) => [b.readInt32BE(20 + i * 12), b.readBigInt64BE(24 + i * 12)])).toEqual([
      [8, 1n],
      [8, 1n],
      [8, 4294967297n],
      [8, 9007199254740991n],
    ]);
    for (const bad of ['-1', '1.5', '', '9007199254740993', '1e3', ' 1']) expect(() => binaryBigintArray(['1', bad])).toThrow(/not a record id/);
    // first, too: an empty id never reads as record 0
    expect(() => binaryBigintArray(['', '1'])).toThrow(/not a record id/);
  });

  it('writes int8[] from record ids as numbers, as from their decimal text, and refuses anything else', () => {
    const numbers = new Float64Array([1, 4294967297, 9007199254740991, 0]);
    expect(binaryRecordIdArray(numbers)).toEqual(binaryBigintArray(['1', '4294967297', '9007199254740991', '0']));
    expect(binaryRecordIdArray([])).toEqual(binaryBigintArray([]));
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => binaryRecordIdArray([1, bad])).toThrow(/not a record id/);
  });

  it('writes timestamptz[] as microseconds since 2000-01-01 UTC', () => {
    const b = binaryTimestampArray(['2000-01-01T00:00:00.000000Z', '2026-11-25T10:00:01.123000Z', '1999-12-31T23:59:59.999000Z']);
    expect(header(b)).toEqual([1, 0, 1184, 3, 1]);
    const micros = [0, 1, 2].map((i) => b.readBigInt64BE(24 + i * 12));
    expect(micros[0]).toBe(0n);
    expect(micros[1]).toBe(BigInt(Date.UTC(2026, 10, 25, 10, 0, 1, 123) - Date.UTC(2000, 0, 1)) * 1000n);
    expect(micros[2]).toBe(-1000n);
    expect(b.readInt32BE(20)).toBe(8);
  });

  it('takes only canonical access times: a time is never stored as another', () => {
    expect(() => binaryTimestampArray(['2026-11-25T10:00:01.123Z'])).toThrow(/not a canonical access time/);
    expect(() => binaryTimestampArray(['2026-11-25 10:00:01.123000+00'])).toThrow(/not a canonical access time/);
    expect(() => binaryTimestampArray(['2026-13-45T10:00:01.123000Z'])).toThrow(/not a canonical access time/);
    const now = canonicalTime(new Date());
    expect(() => binaryTimestampArray([now])).not.toThrow();
  });

  it('keeps the literal form for small arrays', () => {
    expect(pgArrayLiteral(['a"b', 'c\\d'])).toBe('{"a\\"b","c\\\\d"}');
  });
});

describe('normaliseCustomerIds', () => {
  /** What normaliseRecord always did: lower-case, deduplicate, sort, then check. */
  const reference = (ids: string[]) => [...new Set(ids.map((id) => id.toLowerCase()))].sort();

  it('gives the reference list for canonical and non-canonical input alike', () => {
    const sorted = Array.from({ length: 1000 }, () => randomUUID()).sort();
    const cases = [
      sorted,
      [...sorted].reverse(),
      sorted.map((id, i) => (i % 7 ? id : id.toUpperCase())),
      [...sorted.slice(0, 10), sorted[5]!, ...sorted.slice(10)],
      [sorted[0]!, sorted[0]!],
      [sorted[0]!],
      [],
    ];
    for (const ids of cases) expect(normaliseCustomerIds(ids)).toEqual(reference(ids));
  });

  it('copies the canonical list (the caller may reuse its array)', () => {
    const ids = [randomUUID()];
    const copy = normaliseCustomerIds(ids);
    expect(copy).toEqual(ids);
    expect(copy).not.toBe(ids);
  });

  it('refuses what is not a uuid, sorted or not', () => {
    const base = { requestId: 'r', actor: 'a', roles: [], purpose: 'p', fields: {}, outcome: 'ok' };
    expect(() => normaliseRecord({ ...base, customerIds: ['00000000-0000-4000-8000-000000000001', 'zz'] })).toThrow(/"zz" is not a uuid/);
    expect(() => normaliseRecord({ ...base, customerIds: ['jane@example.com'] })).toThrow(/not a uuid/);
    expect(() => normaliseRecord({ ...base, customerIds: ['00000000-0000-4000-8000-0000000000ü1'] })).toThrow(/not a uuid/);
  });
});
