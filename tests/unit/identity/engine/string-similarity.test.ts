import { editDistance, jaro, jaroWinkler, withinOneEdit } from '../../../../src/identity/engine/string-similarity';

describe('jaroWinkler', () => {
  // Reference values from Winkler's papers (rounded to three places).
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['SHACKLEFORD', 'SHACKELFORD', 0.982],
    ['DUNNINGHAM', 'CUNNIGHAM', 0.896],
    ['NICHLESON', 'NICHULSON', 0.956],
    ['JONES', 'JOHNSON', 0.832],
    ['MASSEY', 'MASSIE', 0.933],
    ['ABROMS', 'ABRAMS', 0.922],
    ['JERALDINE', 'GERALDINE', 0.926],
    ['TANYA', 'TONYA', 0.88],
    ['SEAN', 'SUSAN', 0.805],
  ])('%s / %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3);
  });

  it.each([
    ['same', 'same', 1],
    ['', '', 1],
    ['abc', '', 0],
    ['abc', 'xyz', 0],
  ])('%j / %j = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBe(expected);
  });

  it('gives no prefix boost below a Jaro score of 0.7 (HARDIN / MARTINEZ)', () => {
    expect(jaroWinkler('HARDIN', 'MARTINEZ')).toBe(jaro('HARDIN', 'MARTINEZ'));
  });

  it('is stable across calls of different lengths (scratch buffers are reused)', () => {
    const long = 'x'.repeat(200);
    expect(jaroWinkler(long, `${long}y`)).toBeGreaterThan(0.99);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
  });
});

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 5, false, 3],
    ['kitten', 'sitting', 2, false, 3], // bound 2 → reports 3 (= max + 1)
    ['ab', 'ba', 3, true, 1],
    ['ab', 'ba', 3, false, 2],
    ['ca', 'abc', 3, true, 3], // optimal string alignment, not unrestricted Damerau
    ['', 'abc', 5, true, 3],
    ['same', 'same', 0, true, 0],
    ['abcdef', 'abcxyzdef', 1, true, 2], // length gap beyond the bound
  ])('%j → %j (max %d, swaps %j) = %d', (a, b, max, swaps, expected) => {
    expect(editDistance(a, b, max, swaps)).toBe(expected);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['mary', 'mary', true],
    ['mary', 'mvry', true], // substitution
    ['jimmy', 'jimy', true], // deletion
    ['jim', 'jmi', true], // adjacent swap
    ['jon', 'john', true], // insertion
    ['mary', 'myra', false],
    ['anna', 'anra', true],
    ['abc', 'abcde', false],
    ['ab', 'ba', true],
    ['abcd', 'badc', false],
  ])('%j / %j → %j', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(editDistance(a, b, 1) <= 1).toBe(expected);
  });
});
