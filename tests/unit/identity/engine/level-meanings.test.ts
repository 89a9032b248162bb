import { LEVEL_MEANINGS, meaningOf } from '../../../../src/identity/engine/level-meanings';
import { ATTRIBUTES, LEVELS } from '../../../../src/identity/engine/levels';

describe('plain-language meaning of each comparison level', () => {
  it('has words for every level the engine can report, and no others', () => {
    for (const attribute of ATTRIBUTES) expect(Object.keys(LEVEL_MEANINGS[attribute]).sort()).toEqual([...LEVELS[attribute]].sort());
  });

  it('says what a level, a swapped name, the prior and the family cap mean', () => {
    expect(meaningOf('first_name', 'nickname')).toBe('one first name is a nickname or short form of the other (Bob and Robert)');
    expect(meaningOf('last_name', 'jw_0.92 (swapped)')).toBe('the last names are spelled almost alike (a typo), with first and last name swapped in one record');
    expect(meaningOf('identifier', 'conflict')).toMatch(/two people/);
    expect(meaningOf('prior', 'prior')).toMatch(/starting odds/);
    expect(meaningOf('family', 'birth dates differ: shared family details capped at the prior')).toMatch(/but birth dates differ/);
  });
});
