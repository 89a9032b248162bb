import { HOME, NOW, person, rec } from './fixtures';
import { decodeMatchRecord, emailYears, encodeMatchRecord, toMatchRecord } from '../../../../src/identity/engine/match-record';
import { namePatternsOf } from '../../../../src/identity/engine/name-patterns';
import { population } from './population';

describe('toMatchRecord', () => {
  const r = rec('r1', {
    first: 'Bob',
    last: "O'Brien",
    birth: '1980-05-17',
    emails: ['Bob.OBrien+shop@GMail.com', 'test@test.com'],
    phones: ['0113 496 0001', '0000000000'],
    address: HOME,
    ids: { 'Customer Number': 'cn-123 456' },
  });

  it('normalises each attribute once, with the existing normalisers', () => {
    expect(r).toMatchObject({
      id: 'r1',
      source: 'crm',
      firstName: 'bob',
      firstCanonical: 'robert',
      lastName: 'obrien',
      emails: ['bobobrien@gmail.com'], // gmail rules applied; the placeholder dropped
      phones: ['+441134960001'], // the all-zero placeholder dropped
      birth: { year: 1980, month: 5, day: 17 },
      postcode: 'LS14AB',
      city: 'leeds',
      street: 'high street',
      houseNumber: '12',
      identifiers: ['customer_number:CN123456'],
    });
  });

  it('precomputes what comparisons need', () => {
    expect(r).toMatchObject({
      firstLoose: 'robert',
      firstPhonetic: 'BAB',
      birthKey: '1980-05-17',
      birthDigits: '19800517',
      birthYearOnly: false,
      emailLocals: ['bobobrien'],
      phoneTails: ['4960001'],
      identifierTypes: ['customer_number'],
      postcodeDistrict: 'LS1',
      emailNames: ['bobobrien'],
    });
    expect(namePatternsOf(r)).toEqual(expect.arrayContaining(['bobobrien', 'robertobrien', 'obrienbob', 'bobrien', 'obrien']));
  });

  it('gives every record the same properties in the same order (one hidden class, fast comparisons)', () => {
    const sparse = rec('r2', { emails: ['x.y@example.org'] });
    expect(Object.keys(sparse)).toEqual(Object.keys(r));
  });

  it.each([
    ['1980-01-01', { year: 1980, month: 1, day: 1 }, true, ''], // 1 January: year only
    ['1951', { year: 1951, month: 1, day: 1 }, true, ''], // a bare year
    ['1900-01-01', undefined, false, ''], // the "no date" sentinel
    ['05/17', { year: undefined, month: 5, day: 17 }, false, ''], // no year
    ['17.05.1980', { year: 1980, month: 5, day: 17 }, false, '1980-05-17'],
    ['2099-01-02', undefined, false, ''], // in the future: dropped by normaliseBirthDate
  ])('birth date %j', (raw, birth, yearOnly, key) => {
    const x = rec('b', { first: 'Ann', birth: raw });
    expect(x.birth).toEqual(birth);
    expect(x.birthYearOnly).toBe(yearOnly);
    expect(x.birthKey).toBe(key);
  });

  it('splits a single name field', () => {
    expect(rec('f', { full: 'Dr Mary Ann Smith-Jones' })).toMatchObject({ firstName: 'mary', lastName: 'smith jones' });
  });

  it('reads household addresses and surnames out of email local parts', () => {
    expect(rec('e', { first: 'Steven', emails: ['TheWalkers@t-online.de'] }).emailNames).toEqual(['thewalkers', 'walker']);
    expect(rec('e', { first: 'Jo', emails: ['smith.family+promo@outlook.com'] }).emailNames).toEqual(['smithfamily', 'smith']);
  });

  it('accepts junk configuration', () => {
    const x = toMatchRecord('j', 's', person({ emails: ['info@acme.com'] }), {
      defaultRegion: 'GB',
      now: NOW,
      junk: { emailLocalParts: ['info'] },
    });
    expect(x.emails).toEqual([]);
  });

  it('survives its stored form unchanged, property order included', () => {
    const { records } = population(300, 7);
    for (const x of [...records, r, rec('s', { emails: ['x.y@example.org'] }), rec('b', { first: 'Ann', birth: '05/17' })]) {
      const back = decodeMatchRecord(x.id, x.source, encodeMatchRecord(x));
      expect(back).toEqual(x);
      expect(Object.keys(back)).toEqual(Object.keys(x));
      if (x.birth) expect(Object.keys(back.birth!)).toEqual(Object.keys(x.birth));
    }
  });

  it('stores the name patterns in their slot for earlier builds; a copy for this build leaves it empty and decodes alike', () => {
    const slot = (text: string) => (JSON.parse(text) as unknown[])[11];
    const stored = encodeMatchRecord(r);
    expect(slot(stored)).toEqual(namePatternsOf(r));
    expect(namePatternsOf(r).length).toBeGreaterThan(3);
    const copy = encodeMatchRecord(r, { patterns: false });
    expect(slot(copy)).toEqual([]);
    expect(decodeMatchRecord(r.id, r.source, copy)).toEqual(decodeMatchRecord(r.id, r.source, stored));
  });
});

describe('emailYears', () => {
  it.each([
    [['megan.brown80'], ['80']],
    [['mbrown1980', 'mbrown'], ['1980']],
    [['mbrown48213'], []], // an account number
    [['mbrown2480'], []], // four digits that are no year
    [['80'], []], // no letters before it
    [['mbrown80+shop'], ['80']],
  ])('%j → %j', (locals, years) => {
    expect(emailYears(locals)).toEqual(years);
  });
});

describe('match records in memory', () => {
  it('share one frozen empty list: nothing may add to a record after it is made', () => {
    const a = rec('a', { first: 'Ann', last: 'Lee' });
    const b = decodeMatchRecord('b', 'crm', encodeMatchRecord(rec('b', { first: 'Bo', last: 'Xu' })));
    expect(a.identifiers).toBe(b.identifiers);
    expect(a.phones).toBe(a.emails);
    expect(Object.isFrozen(a.phones)).toBe(true);
    expect(() => a.phones.push('+441134960001')).toThrow(TypeError);
  });

  it('keep the values they were made from', () => {
    const made = rec('r', { first: 'Bob', last: 'Lee', birth: '1980-05-17', emails: ['bob.lee@x.org'], phones: ['0113 496 0001'], address: HOME });
    expect(decodeMatchRecord('r', made.source, encodeMatchRecord(made))).toEqual(made);
  });
});
