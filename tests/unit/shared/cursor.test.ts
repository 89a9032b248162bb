import { decodeCursor, encodeCursor, InvalidCursorError } from '../../../src/shared/cursor';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('cursor', () => {
  it.each<[string[]]>([[[]], [['']], [['2024-01-01T00:00:00.000Z', '42']], [['a,b', 'ü ✓ "quoted"', '\n']]])('round-trips %j', (parts) => {
    expect(decodeCursor(encodeCursor(parts), parts.length)).toEqual(parts);
  });

  it('encodes base64url JSON of the parts', () => {
    expect(encodeCursor(['a', 'b'])).toBe(b64('["a","b"]'));
    expect(encodeCursor(['a', 'b'])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    { name: 'empty string', cursor: '', arity: 0 },
    { name: 'garbage', cursor: '!!!not base64!!!', arity: 1 },
    { name: 'base64 of non-JSON', cursor: b64('hello'), arity: 1 },
    { name: 'JSON object, not array', cursor: b64('{"0":"a"}'), arity: 1 },
    { name: 'JSON string, not array', cursor: b64('"a"'), arity: 1 },
    { name: 'JSON null', cursor: b64('null'), arity: 0 },
    { name: 'too few parts', cursor: encodeCursor(['a']), arity: 2 },
    { name: 'too many parts', cursor: encodeCursor(['a', 'b', 'c']), arity: 2 },
    { name: 'number part', cursor: encodeCursor(['a', 1]), arity: 2 },
    { name: 'null part', cursor: b64('["a",null]'), arity: 2 },
    { name: 'nested array part', cursor: b64('[["a"]]'), arity: 1 },
    { name: 'object part', cursor: b64('[{"a":1}]'), arity: 1 },
    { name: 'boolean part', cursor: b64('[true]'), arity: 1 },
  ])('$name → InvalidCursorError', ({ cursor, arity }) => {
    expect(() => decodeCursor(cursor, arity)).toThrow(InvalidCursorError);
  });

  it('the error carries a fixed message and name', () => {
    let caught: unknown;
    try {
      decodeCursor('garbage', 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidCursorError);
    expect((caught as Error).message).toBe('invalid cursor');
    expect((caught as Error).name).toBe('InvalidCursorError');
  });
});
