import { defaultModel, termFrequencies, type MatchModel } from '../../../../src/identity/engine/model';
import { matchWeight, score } from '../../../../src/identity/engine/score';
import { HOME, OTHER_HOME, rec } from './fixtures';

const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('score', () => {
  const model = defaultModel();
  const a = rec('a', { first: 'Robert', last: 'Quist', birth: '1980-05-17', emails: ['rq@x.org'], address: HOME });
  const b = rec('b', { first: 'Bob', last: 'Quist', birth: '1980-05-17', emails: ['bobby@y.org'], address: OTHER_HOME });

  it('explains each attribute: level, weight and the values compared; the weights sum to the total', () => {
    const s = score(a, b, model);
    expect(s.evidence.map((e) => [e.attribute, e.level])).toEqual([
      ['prior', 'prior'],
      ['first_name', 'nickname'],
      ['last_name', 'exact'],
      ['birth_date', 'exact'],
      ['email', 'else'],
      ['phone', 'missing'],
      ['address', 'else'],
      ['identifier', 'missing'],
    ]);
    expect(s.evidence[1]).toMatchObject({ left: 'robert', right: 'bob' });
    expect(s.evidence.find((e) => e.attribute === 'phone')!.weight).toBe(0); // missing weighs nothing
    expect(sumOf(s.evidence.map((e) => e.weight))).toBeCloseTo(s.weight, 9);
    expect(s.probability).toBeCloseTo(1 / (1 + 2 ** -s.weight), 12);
    expect(s.conflicts).toEqual([]);
  });

  it('scores the hot path exactly like the explanation', () => {
    expect(matchWeight(a, b, model)).toBeCloseTo(score(a, b, model).weight, 9);
  });

  it('marks names compared crossed', () => {
    const s = score(rec('a', { first: 'Quist', last: 'Robert' }), rec('b', { first: 'Robert', last: 'Quist' }), model);
    expect(s.evidence[1]!.level).toBe('exact (swapped)');
  });

  it.each([
    [{ email: ['j@x.org'] }, { email: ['j@x.org'] }],
    [{ phones: ['0113 496 0001'] }, { phones: ['+441134960001'] }],
    [{ ids: { customer_number: 'CN-1' } }, { ids: { customer_number: 'cn 1' } }],
  ])('lets one shared email, phone or identifier outweigh the prior on its own (%j)', (x, y) => {
    const toInput = (v: Record<string, unknown>) => ({ emails: v.email as string[], phones: v.phones as string[], ids: v.ids as Record<string, string> });
    expect(score(rec('a', toInput(x)), rec('b', toInput(y)), model).probability).toBeGreaterThan(0.9);
  });

  it.each([
    [{ customer_number: 'CN-111' }, { customer_number: 'CN-999' }, 'support', ['identifier:customer_number']],
    [{ customer_number: 'CN-1111' }, { customer_number: 'CN-1112' }, 'support', []], // a typo in another system is no second customer
    [{ customer_number: 'CN-1111' }, { customer_number: 'CN-1112' }, 'crm', ['identifier:customer_number']], // one system's two customers
    [{ customer_number: 'CN-1' }, { loyalty: 'L-2' }, 'support', []],
  ])('reports identifier conflicts: crm %j / %j in %s → %j', (x, y, source, conflicts) => {
    expect(score(rec('a', { first: 'Ann', ids: x }), rec('b', { first: 'Ann', ids: y }, source), model).conflicts).toEqual(conflicts);
  });

  it('reports birth dates that no typo explains as a conflict', () => {
    const s = score(rec('a', { first: 'Ann', birth: '1950-03-04' }), rec('b', { first: 'Ann', birth: '1980-09-12' }), model);
    expect(s.conflicts).toEqual(['birth_date']);
    const typo = score(rec('a', { first: 'Ann', birth: '1980-03-04' }), rec('b', { first: 'Ann', birth: '1980-04-03' }), model);
    expect(typo.conflicts).toEqual([]);
  });
});

describe('term-frequency adjustment', () => {
  // 40 Smiths and one other Zbigniewska among 100 records.
  const background = Array.from({ length: 100 }, (_, i) =>
    rec(`x${i}`, { first: 'Pat', last: i < 40 ? 'Smith' : i === 99 ? 'Zbigniewska' : `Other${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${'abcdefghij'[i % 10]}` }),
  );
  const model: MatchModel = { ...defaultModel(), tf: termFrequencies(background) };
  const lastWeight = (last: string) =>
    score(rec('a', { first: 'Ann', last }), rec('b', { first: 'Zoe', last }), model).evidence.find((e) => e.attribute === 'last_name')!.weight;

  it('weighs a shared rare surname more than a shared common one', () => {
    expect(lastWeight('Zbigniewska')).toBeGreaterThan(lastWeight('Smith') + 4);
  });

  it('falls back to the level weight without tables', () => {
    const plain = defaultModel();
    const w = (last: string) => score(rec('a', { last }), rec('b', { last }), plain).evidence[2]!.weight;
    expect(w('Zbigniewska')).toBe(w('Smith'));
  });
});

describe('the family rule', () => {
  const model = defaultModel();
  const shared = { last: 'Quist', address: HOME, phones: ['0113 496 0001'], emails: ['thequists@x.org'] };

  it('keeps twins apart: same surname, birth date, address, phone and email, different first names', () => {
    const s = score(rec('a', { ...shared, first: 'Olivia', birth: '2001-02-03' }), rec('b', { ...shared, first: 'Emma', birth: '2001-02-03' }), model);
    expect(s.probability).toBeLessThan(0.05);
    expect(s.evidence.at(-1)).toMatchObject({ attribute: 'family', level: expect.stringContaining('first names differ') });
  });

  it('keeps a father and son of one name apart by their birth dates', () => {
    const s = score(rec('a', { ...shared, first: 'John', birth: '1950-02-03' }), rec('b', { ...shared, first: 'John', birth: '1979-11-23' }), model);
    expect(s.probability).toBeLessThan(0.05);
    expect(s.conflicts).toContain('birth_date');
  });

  it('still lets a shared customer number link them', () => {
    const ids = { customer_number: 'CN-42' };
    const s = score(rec('a', { ...shared, first: 'Olivia', ids }), rec('b', { ...shared, first: 'Liv', ids }), model);
    expect(s.probability).toBeGreaterThan(0.9);
  });

  it('does not touch a pair whose first names agree', () => {
    const s = score(rec('a', { ...shared, first: 'Olivia', birth: '2001-02-03' }), rec('b', { ...shared, first: 'Olivia' }), model);
    expect(s.evidence.some((e) => e.attribute === 'family')).toBe(false);
    expect(s.probability).toBeGreaterThan(0.99);
  });
});
