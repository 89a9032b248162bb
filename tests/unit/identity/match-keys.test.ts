import { matchKeys, normalisedPerson } from '../../../src/identity/matching/match-keys';
import { AMBIGUOUS_SLASH_DATE } from '../../../src/identity/matching/normalise-date';
import { BLOCKED } from '../../../src/identity/matching/person-contact';
import type { PersonAttributes } from '../../../src/sources/record';

const NOW = new Date('2025-06-15T00:00:00Z');
const US = { defaultRegion: 'US' as const, now: NOW };

function person(p: Partial<PersonAttributes>): PersonAttributes {
  return { emails: [], phones: [], addresses: [], identifiers: [], ...p };
}

describe('matchKeys', () => {
  it('reads placeholder names as no name, with a note; a real name beside one is kept', () => {
    const testUser = matchKeys(person({ fullName: 'Test User', emails: ['test@test.com'] }), US);
    expect(testUser.keys).toEqual([]);
    const none = normalisedPerson(person({ firstName: 'Unknown', lastName: 'Unknown' }), US);
    expect(none.firstName).toBeUndefined();
    expect(none.lastName).toBeUndefined();
    const unknown = matchKeys(person({ firstName: 'Unknown', lastName: 'Unknown' }), US);
    expect(unknown.quality).toEqual([
      { field: 'firstName', value: 'Unknown', problem: BLOCKED },
      { field: 'lastName', value: 'Unknown', problem: BLOCKED },
    ]);
    // only the placeholder part goes
    expect(normalisedPerson(person({ firstName: 'Test', lastName: 'Hartley' }), US)).toMatchObject({ lastName: 'hartley' });
    expect(normalisedPerson(person({ firstName: 'Test', lastName: 'Hartley' }), US).firstName).toBeUndefined();
    expect(normalisedPerson(person({ firstName: 'Jane', lastName: 'Doe' }), US)).toMatchObject({ firstName: 'jane', lastName: 'doe' });
    // configured names too
    expect(normalisedPerson(person({ firstName: 'Vorname', lastName: 'Keller' }), { ...US, junk: { names: ['vorname'] } }).firstName).toBeUndefined();
  });

  it('produces email, phone and identifier keys', () => {
    const result = matchKeys(
      person({
        emails: ['Jane.Doe+news@Gmail.com'],
        phones: ['(415) 555-0134'],
        identifiers: [{ type: 'Customer Number', value: 'c-000 123' }],
      }),
      US,
    );
    expect(result).toEqual({
      keys: [
        { kind: 'email', value: 'janedoe@gmail.com' },
        { kind: 'phone', value: '+14155550134' },
        { kind: 'identifier', value: 'customer_number:C000123' },
      ],
      quality: [],
    });
  });

  it('deduplicates keys that normalise alike, keeping first-seen order', () => {
    const result = matchKeys(
      person({
        emails: ['jane.doe@gmail.com', 'JaneDoe@googlemail.com', 'j.a.n.e.doe+x@gmail.com', 'jane.doe@outlook.com', 'janedoe@outlook.com'],
        phones: ['(415) 555-0134', '415.555.0134', '+1 415 555 0134 ext. 9'],
        identifiers: [
          { type: 'loyalty_number', value: 'LY-99' },
          { type: 'Loyalty Number', value: 'ly 99' },
        ],
      }),
      US,
    );
    expect(result.keys).toEqual([
      { kind: 'email', value: 'janedoe@gmail.com' },
      { kind: 'email', value: 'jane.doe@outlook.com' },
      { kind: 'email', value: 'janedoe@outlook.com' },
      { kind: 'phone', value: '+14155550134' },
      { kind: 'identifier', value: 'loyalty_number:LY99' },
    ]);
    expect(result.quality).toEqual([]);
  });

  it('uses a slash birth date that reads both ways as month/day and notes the guess', () => {
    const result = matchKeys(person({ birthDate: '12/09/1987' }), US);
    expect(normalisedPerson(person({ birthDate: '12/09/1987' }), US).birthDate).toBe('1987-12-09');
    expect(result.quality).toEqual([{ field: 'birthDate', value: '12/09/1987', problem: AMBIGUOUS_SLASH_DATE }]);
    expect(matchKeys(person({ birthDate: '13/09/1987' }), US).quality).toEqual([]);
  });

  it('keeps kinds apart even when the values coincide', () => {
    const result = matchKeys(person({ identifiers: [{ type: 'x', value: '1' }] }), US);
    expect(result.keys).toEqual([{ kind: 'identifier', value: 'x:1' }]);
  });

  it('reads national numbers in the default region', () => {
    const uk = person({ phones: ['020 7946 0958', '+1 415 555 0134'] });
    expect(matchKeys(uk, { defaultRegion: 'GB' })).toEqual({
      keys: [
        { kind: 'phone', value: '+442079460958' },
        { kind: 'phone', value: '+14155550134' },
      ],
      quality: [],
    });
    expect(matchKeys(uk, { defaultRegion: 'US' })).toEqual({
      keys: [{ kind: 'phone', value: '+14155550134' }],
      quality: [{ field: 'phone', value: '020 7946 0958', problem: 'too long' }],
    });
  });

  it('reads a national number invalid in the default region in the country of the address', () => {
    const london = person({ phones: ['020 7946 0958'], addresses: [{ line1: '1 High Street', city: 'London', country: 'United Kingdom' }] });
    expect(matchKeys(london, { defaultRegion: 'US' })).toEqual({ keys: [{ kind: 'phone', value: '+442079460958' }], quality: [] });
  });

  it('without an address, reads it in the country of the email domain', () => {
    const berlin = person({ emails: ['anna@web.de'], phones: ['030 901820'] });
    expect(matchKeys(berlin, { defaultRegion: 'US' }).keys).toContainEqual({ kind: 'phone', value: '+4930901820' });
  });

  it('notes malformed and placeholder values and makes no key of them', () => {
    const result = matchKeys(
      person({
        emails: ['jane.doe', 'test@test.com', 'noreply@acme.com', 'jane@example.com', 'real@acme.com'],
        phones: ['1-800-FLOWERS', '0000000000', '555-555-5555', '123-456-7890', '415 555 013'],
        identifiers: [
          { type: 'customer_number', value: 'N/A' },
          { type: 'customer_number', value: '0' },
          { type: 'customer_number', value: ' - ' },
          { type: '', value: 'ABC' },
        ],
        birthDate: '2023-02-29',
      }),
      US,
    );
    expect(result).toEqual({
      keys: [{ kind: 'email', value: 'real@acme.com' }],
      quality: [
        { field: 'email', value: 'jane.doe', problem: 'missing @' },
        { field: 'email', value: 'test@test.com', problem: BLOCKED },
        { field: 'email', value: 'noreply@acme.com', problem: BLOCKED },
        { field: 'email', value: 'jane@example.com', problem: BLOCKED },
        { field: 'phone', value: '1-800-FLOWERS', problem: 'contains letters' },
        { field: 'phone', value: '0000000000', problem: BLOCKED },
        { field: 'phone', value: '555-555-5555', problem: BLOCKED },
        { field: 'phone', value: '123-456-7890', problem: BLOCKED },
        { field: 'phone', value: '415 555 013', problem: 'too short' },
        { field: 'identifier:customer_number', value: 'N/A', problem: BLOCKED },
        { field: 'identifier:customer_number', value: '0', problem: BLOCKED },
        { field: 'identifier:customer_number', value: ' - ', problem: 'empty' },
        { field: 'identifier', value: 'ABC', problem: 'missing identifier type' },
        { field: 'birthDate', value: '2023-02-29', problem: 'impossible date' },
      ],
    });
    expect(BLOCKED).toBe('blocked placeholder value');
  });

  it('notes a repeated bad value once', () => {
    const result = matchKeys(person({ emails: ['test@test.com', 'test@test.com'] }), US);
    expect(result.quality).toEqual([{ field: 'email', value: 'test@test.com', problem: BLOCKED }]);
  });

  it('applies configured junk on top of the defaults', () => {
    const p = person({ emails: ['info@acme.com'], phones: ['(415) 555-0100'], identifiers: [{ type: 'id', value: 'TBD' }] });
    expect(matchKeys(p, { ...US, junk: { emails: ['info@acme.com'], phones: ['4155550100'], identifiers: ['TBD'] } })).toEqual({
      keys: [],
      quality: [
        { field: 'email', value: 'info@acme.com', problem: BLOCKED },
        { field: 'phone', value: '(415) 555-0100', problem: BLOCKED },
        { field: 'identifier:id', value: 'TBD', problem: BLOCKED },
      ],
    });
  });

  it('returns nothing for an empty person', () => {
    expect(matchKeys(person({}), US)).toEqual({ keys: [], quality: [] });
  });
});

describe('normalisedPerson', () => {
  it('normalises every attribute', () => {
    expect(
      normalisedPerson(
        person({
          firstName: 'Bob',
          lastName: "O'Brien-García",
          emails: ['Bob.OBrien+x@Gmail.com', 'bob.obrien+x@gmail.com', 'bad', 'test@test.com'],
          phones: ['(415) 555-0134', '415.555.0134', '0000000000'],
          addresses: [
            { city: 'Dublin', postcode: ' d02 x285 ', country: 'ie' },
            { postcode: 'D02  X285', country: 'IE' },
            { city: 'Nowhere' },
          ],
          birthDate: '05/17/1980',
          identifiers: [{ type: 'Customer Number', value: 'c-1' }],
        }),
        US,
      ),
    ).toEqual({
      firstName: 'bob',
      firstNameCanonical: 'robert',
      lastName: 'obrien garcia',
      emails: ['bob.obrien+x@gmail.com'],
      phones: ['+14155550134'],
      birthDate: '1980-05-17',
      postcodes: ['D02 X285'],
      countries: ['IE'],
      identifiers: ['customer_number:C1'],
    });
  });

  it('splits a full name, honouring "Last, First"', () => {
    expect(normalisedPerson(person({ fullName: 'Müller, Kathy' }), US)).toEqual({
      firstName: 'kathy',
      firstNameCanonical: 'katherine',
      lastName: 'muller',
      emails: [],
      phones: [],
      postcodes: [],
      countries: [],
      identifiers: [],
    });
  });

  it('prefers split name fields over the full name', () => {
    const n = normalisedPerson(person({ lastName: 'Doe', fullName: 'Someone Else' }), US);
    expect([n.firstName, n.lastName]).toEqual([undefined, 'doe']);
  });

  it('keeps a month/day birthday apart from a full date', () => {
    const n = normalisedPerson(person({ birthDate: '02/29' }), US);
    expect([n.birthDate, n.birthMonthDay]).toEqual([undefined, { month: 2, day: 29 }]);
  });

  it('leaves out an unusable birth date', () => {
    const n = normalisedPerson(person({ birthDate: '2099-01-01' }), US);
    expect([n.birthDate, n.birthMonthDay]).toEqual([undefined, undefined]);
  });
});
