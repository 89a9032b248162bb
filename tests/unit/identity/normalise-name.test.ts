import { NICKNAMES } from '../../../src/identity/matching/nicknames';
import { canonicalFirstName, normaliseName, splitFullName } from '../../../src/identity/matching/normalise-name';

describe('normaliseName', () => {
  it.each([
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['García', 'garcia'],
    ['Müller', 'muller'],
    ['MÜLLER', 'muller'],
    ['François', 'francois'],
    ['Łukasz', 'lukasz'],
    ['Straße', 'strasse'],
    ['Ørsted', 'orsted'],
    ['Smith-Jones', 'smith jones'],
    ['  Smith   Jones ', 'smith jones'],
    ['Mary - Ann', 'mary ann'],
    ['Jean-Luc', 'jean luc'],
    ['J. R. R.', 'j r r'],
    ['Anne-Marie3', 'anne marie'],
    ['Zoë', 'zoe'],
    ['Ñúñez', 'nunez'],
    ['Владимир', 'владимир'],
    ['', ''],
    ['---', ''],
  ])('%j → %j', (raw, value) => {
    expect(normaliseName(raw)).toBe(value);
  });

  it('is idempotent', () => {
    for (const raw of ["D'Angelo-García", 'Müller  Lüdenscheidt']) {
      expect(normaliseName(normaliseName(raw))).toBe(normaliseName(raw));
    }
  });
});

describe('canonicalFirstName', () => {
  it.each([
    ['Bob', 'robert'],
    ['Rob', 'robert'],
    ['Robbie', 'robert'],
    ['Robert', 'robert'],
    ['Bill', 'william'],
    ['Will', 'william'],
    ['Billy', 'william'],
    ['Liz', 'elizabeth'],
    ['Beth', 'elizabeth'],
    ['Betty', 'elizabeth'],
    ['Eliza', 'elizabeth'],
    ['Kate', 'katherine'],
    ['Katie', 'katherine'],
    ['Kathy', 'katherine'],
    ['Cathy', 'katherine'],
    ['Catherine', 'katherine'],
    ['Mike', 'michael'],
    ['Jim', 'james'],
    ['Jimmy', 'james'],
    ['Jenny', 'jennifer'],
    ['Jen', 'jennifer'],
    ['Tom', 'thomas'],
    ['Tommy', 'thomas'],
    ['Dave', 'david'],
    ['Dan', 'daniel'],
    ['Chris', 'christopher'],
    ['Alex', 'alexander'],
    ['Sam', 'samuel'],
    ['Nick', 'nicholas'],
    ['Tony', 'anthony'],
    ['Joe', 'joseph'],
    ['Steve', 'steven'],
    ['Andy', 'andrew'],
    ['Matt', 'matthew'],
    ['Pat', 'patricia'],
    ['Peggy', 'margaret'],
    ['Maggie', 'margaret'],
    ['Sue', 'susan'],
    ['Debbie', 'deborah'],
    ['Ed', 'edward'],
    ['Eddie', 'edward'],
    ['Ted', 'edward'],
    ['Rick', 'richard'],
    ['Dick', 'richard'],
    ['Rich', 'richard'],
    ['Chuck', 'charles'],
    ['Charlie', 'charles'],
    ['Hank', 'henry'],
    ['Jack', 'john'],
    ['Johnny', 'john'],
    ['Larry', 'lawrence'],
    ['Meg', 'megan'],
    // normalised first, then looked up; only the first word is mapped
    ['  BOB ', 'robert'],
    ['Bob J.', 'robert j'],
    ['Mary Bob', 'mary bob'],
    ['Renée', 'renee'],
    ['', ''],
  ])('%j → %j', (raw, value) => {
    expect(canonicalFirstName(raw)).toBe(value);
  });

  it('has at least 40 entries, all already in normalised form', () => {
    const entries = Object.entries(NICKNAMES);
    expect(entries.length).toBeGreaterThanOrEqual(40);
    for (const [nick, name] of entries) {
      expect([nick, normaliseName(nick)]).toEqual([nick, nick]);
      expect([name, normaliseName(name)]).toEqual([name, name]);
      // canonical names are not themselves nicknames (no chains)
      expect([name, NICKNAMES[name]]).toEqual([name, undefined]);
    }
  });
});

describe('splitFullName', () => {
  it.each([
    ['Jane Doe', { first: 'Jane', last: 'Doe' }],
    ['  Jane   Doe  ', { first: 'Jane', last: 'Doe' }],
    ['Doe, Jane', { first: 'Jane', last: 'Doe' }],
    ['Doe,Jane', { first: 'Jane', last: 'Doe' }],
    ['García Márquez, Gabriel José', { first: 'Gabriel', last: 'García Márquez' }],
    ['Doe Jr., Jane', { first: 'Jane', last: 'Doe' }],
    ['Doe, Dr. Jane', { first: 'Jane', last: 'Doe' }],
    ['Doe,', { last: 'Doe' }],
    [', Jane', { first: 'Jane' }],
    ['John Paul Smith', { first: 'John', last: 'Smith' }],
    ['Dr. John Smith Jr.', { first: 'John', last: 'Smith' }],
    ['Mrs Jane Doe III', { first: 'Jane', last: 'Doe' }],
    ['Ana de la Cruz', { first: 'Ana', last: 'de la Cruz' }],
    ['Ludwig van Beethoven', { first: 'Ludwig', last: 'van Beethoven' }],
    ["Seán O'Brien", { first: 'Seán', last: "O'Brien" }],
    ['Jean-Luc Picard', { first: 'Jean-Luc', last: 'Picard' }],
    ['Madonna', { first: 'Madonna' }],
    ['Mr Dr', {}],
    ['', {}],
    ['   ', {}],
  ])('%j → %j', (full, expected) => {
    expect(splitFullName(full)).toEqual(expected);
  });
});
