import { checkText, storableText } from '../../../src/ingest/storable-text';

const unstorableText = (value: unknown) => checkText(value).problem;

describe('text PostgreSQL cannot store', () => {
  it('finds NUL, half a surrogate pair and replaced bytes, in keys and values at any depth', () => {
    expect(unstorableText({ name: { first: 'Bob', tags: ['a', 'b'] }, emoji: '😀' })).toBeNull();
    expect(unstorableText({ name: { first: 'Bob\u0000' } })).toContain('NUL character');
    expect(unstorableText({ notes: ['ok', 'broken \ud83d here'] })).toContain('surrogate');
    expect(unstorableText({ notes: 'tail \udc00' })).toContain('surrogate');
    expect(unstorableText({ 'key\u0000': 1 })).toContain('NUL character');
    expect(unstorableText({ city: 'Jos\uFFFD' })).toContain('not UTF-8');
    expect(unstorableText({ n: 1, ok: true, nothing: null })).toBeNull();
  });

  it('measures the characters of keys and strings on the same walk', () => {
    expect(checkText({ ab: 'cde', list: ['f', 'gh'] }).chars).toBe(2 + 3 + 4 + 1 + 2);
    expect(checkText({ n: 12345, ok: true }).chars).toBe(1 + 2);
  });

  it('makes a message storable by putting U+FFFD in their place', () => {
    expect(storableText("IsDeleted 'fa\u0000lse' is not a boolean")).toBe("IsDeleted 'fa\uFFFDlse' is not a boolean");
    expect(storableText('half \ud83d, whole 😀')).toBe('half \uFFFD, whole 😀');
  });
});
