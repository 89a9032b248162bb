import { createHash } from 'node:crypto';
import { contentHash, MAPPING_VERSION, stableStringify, withoutEmptyValues } from '../../../src/ingest/content-hash';

describe('stableStringify', () => {
  it.each([
    { name: 'null', value: null, expected: 'null' },
    { name: 'undefined at top level', value: undefined, expected: 'null' },
    { name: 'string', value: 'a"b', expected: '"a\\"b"' },
    { name: 'number', value: 1.5, expected: '1.5' },
    { name: 'boolean', value: false, expected: 'false' },
    { name: 'empty object', value: {}, expected: '{}' },
    { name: 'empty array', value: [], expected: '[]' },
    { name: 'keys sorted', value: { b: 1, a: 2, C: 3 }, expected: '{"C":3,"a":2,"b":1}' },
    { name: 'nested keys sorted', value: { z: { y: 1, x: [{ b: 1, a: 2 }] } }, expected: '{"z":{"x":[{"a":2,"b":1}],"y":1}}' },
    { name: 'array order kept', value: [3, 1, 2], expected: '[3,1,2]' },
    { name: 'undefined properties dropped', value: { a: undefined, b: 1, c: { d: undefined } }, expected: '{"b":1,"c":{}}' },
    { name: 'undefined in arrays becomes null (as JSON.stringify does)', value: [undefined, 1], expected: '[null,1]' },
    { name: 'null properties kept', value: { a: null }, expected: '{"a":null}' },
    { name: 'keys needing escapes', value: { 'a"b': 1 }, expected: '{"a\\"b":1}' },
  ])('$name', ({ value, expected }) => {
    expect(stableStringify(value)).toBe(expected);
  });

  it('matches JSON.stringify for already sorted plain data', () => {
    const value = { a: [1, 'two', null, { b: true }], c: 'ü\n' };
    expect(stableStringify(value)).toBe(JSON.stringify(value));
  });

  it('is independent of key insertion order', () => {
    expect(stableStringify({ x: 1, y: { p: 1, q: 2 } })).toBe(stableStringify({ y: { q: 2, p: 1 }, x: 1 }));
  });
});

describe('contentHash', () => {
  const payload = { Id: '003A', Email: 'jane@doe.com', Name: 'Jane' };

  it('is the sha256 of the mapping version, the deleted flag and the stable JSON', () => {
    const expected = createHash('sha256').update(`${MAPPING_VERSION}|live|{"Email":"jane@doe.com","Id":"003A","Name":"Jane"}`).digest('hex');
    expect(contentHash(payload, false)).toBe(expected);
    expect(contentHash(payload, false)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    { name: 'key order', other: { Name: 'Jane', Email: 'jane@doe.com', Id: '003A' }, deleted: false, same: true },
    { name: 'an undefined property', other: { ...payload, Phone: undefined }, deleted: false, same: true },
    { name: 'the deleted flag', other: payload, deleted: true, same: false },
    { name: 'a changed value', other: { ...payload, Name: 'Janet' }, deleted: false, same: false },
    { name: 'an added property', other: { ...payload, Phone: '' }, deleted: false, same: false },
    { name: 'a removed property', other: { Id: '003A', Email: 'jane@doe.com' }, deleted: false, same: false },
    { name: 'a value type (string vs number)', other: { ...payload, Id: 3 }, deleted: false, same: false },
  ])('$name → same hash: $same', ({ other, deleted, same }) => {
    const a = contentHash(payload, false);
    const b = contentHash(other, deleted);
    if (same) expect(b).toBe(a);
    else expect(b).not.toBe(a);
  });

  it('a deleted record hashes the same every time', () => {
    expect(contentHash(payload, true)).toBe(contentHash({ ...payload }, true));
  });
});

describe('withoutEmptyValues', () => {
  it.each([
    { name: 'an empty CSV cell', value: { Id: '1', Phone: '' }, expected: { Id: '1' } },
    { name: 'a JSON null', value: { id: 1, phone: null }, expected: { id: 1 } },
    { name: 'nested, in objects inside arrays too', value: { a: { b: '', c: { d: null, e: 0 } }, l: [{ x: null, y: false }] }, expected: { a: { c: { e: 0 } }, l: [{ y: false }] } },
    { name: 'array elements are kept (their place is content)', value: { tags: ['', null, 'vip'] }, expected: { tags: ['', null, 'vip'] } },
    { name: 'empty objects and lists, zero and false are values', value: { o: {}, l: [], n: 0, f: false, s: ' ' }, expected: { o: {}, l: [], n: 0, f: false, s: ' ' } },
  ])('leaves out $name', ({ value, expected }) => {
    expect(withoutEmptyValues(value)).toEqual(expected);
  });

  it('gives the same object back when nothing is empty', () => {
    const value = { a: { b: [1, { c: 'x' }] } };
    expect(withoutEmptyValues(value)).toBe(value);
  });
});
