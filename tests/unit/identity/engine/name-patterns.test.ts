import { namePatternsOf, spellsName } from '../../../../src/identity/engine/name-patterns';
import { population } from './population';

const names = (firstName?: string, lastName?: string, firstLoose?: string) => ({ firstName, lastName, firstLoose });

describe('name patterns', () => {
  it('spells a name with every form of the first name, the surname first and alone', () => {
    expect(namePatternsOf(names('bob', "o'brien", 'robert'))).toEqual(
      expect.arrayContaining(['obrien', 'bobobrien', 'obrienbob', 'bobrien', 'robertobrien', 'obrienrobert', 'robobrien']),
    );
    expect(namePatternsOf(names('bob', "o'brien", 'robert'))[0]).toBe('obrien');
    expect(namePatternsOf(names('bob', "o'brien", 'robert'), false)).not.toContain('obrien');
  });

  it('keeps the order blocking keys were made in before they were made when asked (block ids follow it)', () => {
    // as session 18's build held them on the record
    expect(namePatternsOf(names('bob', "o'brien", 'robert'))).toEqual([
      'obrien', 'bobobrien', 'obrienbob', 'bobrien', 'robertobrien', 'obrienrobert', 'robrien', 'bobbyobrien', 'obrienbobby',
      'robobrien', 'obrienrob', 'robbieobrien', 'obrienrobbie', 'robbyobrien', 'obrienrobby',
    ]);
    expect(namePatternsOf(names('ann', 'lee', 'ann'))).toEqual(['annlee', 'leeann', 'alee', 'annielee', 'leeannie', 'nanlee', 'leenan', 'nlee']);
    expect(namePatternsOf(names('bill', 'ng', 'william'))).toEqual(['billng', 'ngbill', 'williamng', 'ngwilliam', 'billyng', 'ngbilly', 'willng', 'ngwill', 'willyng', 'ngwilly']);
  });

  it('holds each pattern once and none shorter than four letters', () => {
    // ann and anna share the initial: "alee" once; "lee" alone is too short
    const patterns = namePatternsOf(names('ann', 'lee', 'anna'));
    expect(new Set(patterns).size).toBe(patterns.length);
    expect(patterns.every((p) => p.length >= 4)).toBe(true);
    expect(patterns).not.toContain('lee');
    expect(patterns).toContain('alee');
  });

  it('has none without both names', () => {
    expect(namePatternsOf(names('bob', undefined, 'robert'))).toEqual([]);
    expect(namePatternsOf(names(undefined, 'smith'))).toEqual([]);
    expect(spellsName('smith', names(undefined, 'smith'))).toBe(false);
  });

  it('a surname without letters leaves the first names as patterns', () => {
    expect(namePatternsOf(names('robert', '-', 'robert'))).toContain('robert');
    expect(spellsName('robert', names('robert', '-', 'robert'))).toBe(true);
  });

  it('spellsName answers as the list does, for every record and every pattern or address name of a population', () => {
    const { records } = population(400, 3);
    const candidates = [...new Set(records.flatMap((r) => [...namePatternsOf(r), ...r.emailNames, ...r.emailLetters]))];
    expect(candidates.length).toBeGreaterThan(500);
    let spelled = 0;
    for (const r of records) {
      const patterns = new Set(namePatternsOf(r));
      for (const name of candidates) {
        const expected = patterns.has(name);
        if (spellsName(name, r) !== expected) throw new Error(`${name} for ${r.firstName} ${r.lastName}: expected ${expected}`);
        if (expected) spelled++;
      }
    }
    expect(spelled).toBeGreaterThan(records.length);
  });
});
