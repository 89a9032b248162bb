import { nysiis, soundex } from '../../../../src/identity/engine/phonetic';

describe('nysiis (original rules, untruncated)', () => {
  it.each([
    ['Andrew', 'ANDR'],
    ['Robertson', 'RABARTSAN'],
    ['Nolan', 'NALAN'],
    ['Case', 'CAS'],
    ['Mclaughlin', 'MCLAGLAN'],
    ['Lundgren', 'LANDGRAN'],
    ['Harry', 'HARY'],
    ['Mackenzie', 'MCANSY'],
    ['John', 'JAN'],
    ['Jane', 'JAN'],
    ['Olsen', 'OLSAN'],
    ['Knuth', 'NAT'],
    ['Philbert', 'FALBAD'],
    ['Washington', 'WASANGTAN'],
    ['', ''],
  ])('%s → %s', (name, code) => {
    expect(nysiis(name)).toBe(code);
  });

  it('codes spelling variants alike and different names apart', () => {
    expect(nysiis('carl')).toBe(nysiis('charles'));
    expect(nysiis('stephen')).toBe(nysiis('steven'));
    expect(nysiis('smith')).not.toBe(nysiis('jones'));
  });
});

describe('soundex', () => {
  it.each([
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Rubin', 'R150'],
    ['Ashcraft', 'A261'], // H does not separate S and C
    ['Tymczak', 'T522'],
    ['Pfister', 'P236'],
    ['Honeyman', 'H555'],
    ['Lee', 'L000'],
    ['', ''],
  ])('%s → %s', (name, code) => {
    expect(soundex(name)).toBe(code);
  });
});
