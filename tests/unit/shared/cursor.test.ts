import { configureCursors, decodeCursor, decodeCursorOf, encodeCursor, InvalidCursorError } from '../../../src/shared/cursor';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('cursor', () => {
  it.each<[string[]]>([[[]], [['']], [['2024-01-01T00:00:00.000Z', '42']], [['a,b', 'ü ✓ "quoted"', '\n']]])('round-trips %j', (parts) => {
    expect(decodeCursor(encodeCursor(parts), parts.length)).toEqual(parts);
  });

  it('seals the parts: base64url that does not show them, the same string every time for the same parts', () => {
    const cursor = encodeCursor(['Aisha Johnson', '85bed8db']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/Aisha|85bed8db/);
    expect(encodeCursor(['Aisha Johnson', '85bed8db'])).toBe(cursor);
    expect(encodeCursor(['Aisha Johnson', '85bed8dc'])).not.toBe(cursor);
  });

  it('opens only what this deployment sealed: a changed byte, a plain JSON cursor or another secret is invalid', () => {
    const cursor = encodeCursor(['a', 'b']);
    const raw = Buffer.from(cursor, 'base64url');
    raw[raw.length - 20]! ^= 1;
    expect(() => decodeCursor(raw.toString('base64url'), 2)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(b64('["x","y"]'), 2)).toThrow(InvalidCursorError);
    configureCursors('one deployment');
    const issued = encodeCursor(['a', 'b']);
    expect(decodeCursor(issued, 2)).toEqual(['a', 'b']);
    configureCursors('another deployment');
    expect(() => decodeCursor(issued, 2)).toThrow(InvalidCursorError);
    configureCursors('one deployment');
    expect(decodeCursor(issued, 2)).toEqual(['a', 'b']);
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

describe('cursor part shapes', () => {
  const uuid = '85bed8db-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
  it("opens a cursor whose parts have the list's shapes", () => {
    expect(decodeCursorOf(encodeCursor(['Aisha Johnson', uuid]), ['text', 'uuid'])).toEqual(['Aisha Johnson', uuid]);
    expect(decodeCursorOf(encodeCursor(['2024-06-01T09:00:00.000Z', '42']), ['timestamp', 'id'])).toEqual(['2024-06-01T09:00:00.000Z', '42']);
    // segment changes: to_char's microseconds; segment members: a customer id alone
    expect(decodeCursorOf(encodeCursor(['2024-06-01T09:00:00.123456Z', '7']), ['timestamp', 'id'])).toEqual(['2024-06-01T09:00:00.123456Z', '7']);
    expect(decodeCursorOf(encodeCursor([uuid.toUpperCase()]), ['uuid'])).toEqual([uuid.toUpperCase()]);
    expect(() => decodeCursorOf(encodeCursor(['42']), ['uuid'])).toThrow(InvalidCursorError);
  });

  it("refuses another list's cursor: a name for a time, a time for a uuid, a year 0", () => {
    expect(() => decodeCursorOf(encodeCursor(['Aisha Johnson', uuid]), ['timestamp', 'id'])).toThrow(InvalidCursorError);
    expect(() => decodeCursorOf(encodeCursor(['2024-06-01T09:00:00.000Z', '42']), ['text', 'uuid'])).toThrow(InvalidCursorError);
    expect(() => decodeCursorOf(encodeCursor(['0000-06-01T09:00:00.000Z', '42']), ['timestamp', 'id'])).toThrow(InvalidCursorError);
    expect(() => decodeCursorOf(encodeCursor(['2024-06-01T09:00:00.000Z', '4x']), ['timestamp', 'id'])).toThrow(InvalidCursorError);
  });
});
