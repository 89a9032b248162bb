import { createHash } from 'node:crypto';
import { fieldSetOf } from '../../../src/audit/field-set';

describe('fieldSetOf', () => {
  it('sorts the fields, serialises the pairs and names the set by their SHA-256', () => {
    const set = fieldSetOf({ 'b.y': 'denied', 'a.x': 'allowed', 'c.z': 'allowed' });
    expect(Object.keys(set.fields)).toEqual(['a.x', 'b.y', 'c.z']);
    expect(set.pairs).toBe(JSON.stringify([['a.x', 'allowed'], ['b.y', 'denied'], ['c.z', 'allowed']]));
    expect(set.id).toBe(createHash('sha256').update(set.pairs).digest('hex'));
    expect(set.decisions).toEqual(['allowed', 'denied']);
    expect(Object.isFrozen(set.fields)).toBe(true);
  });

  it('gives equal sets the same id whatever the key order', () => {
    expect(fieldSetOf({ 'a.x': 'masked', 'b.y': 'allowed' }).id).toBe(fieldSetOf({ 'b.y': 'allowed', 'a.x': 'masked' }).id);
    expect(fieldSetOf({ 'a.x': 'masked' }).id).not.toBe(fieldSetOf({ 'a.x': 'allowed' }).id);
  });

  it('remembers a frozen object, not one that can still change', () => {
    const frozen = Object.freeze({ 'a.x': 'allowed' as const });
    expect(fieldSetOf(frozen)).toBe(fieldSetOf(frozen));
    const open: Record<string, 'allowed' | 'denied'> = { 'a.x': 'allowed' };
    const before = fieldSetOf(open);
    open['a.x'] = 'denied';
    expect(fieldSetOf(open).id).not.toBe(before.id);
  });

  it('refuses a value that is not a decision', () => {
    expect(() => fieldSetOf({ 'a.a': 'shown' as never })).toThrow(/unknown decision "shown" for a.a/);
  });

  it('has an empty set too', () => {
    expect(fieldSetOf({}).pairs).toBe('[]');
  });
});
