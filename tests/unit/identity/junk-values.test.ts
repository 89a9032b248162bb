import {
  DEFAULT_JUNK,
  isJunkEmail,
  isJunkIdentifier,
  isJunkName,
  isJunkPhone,
} from '../../../src/identity/matching/junk-values';

describe('isJunkEmail', () => {
  it.each([
    ['test@test.com', true],
    [' Test@Test.com ', true],
    ['test@example.com', true],
    ['jane@example.com', true],
    ['jane@mail.example.org', true],
    ['jane@example.net', true],
    ['noreply@acme.com', true],
    ['no-reply@acme.com', true],
    ['donotreply@acme.com', true],
    ['noreply+bounce@acme.com', true],
    ['null@acme.com', true],
    ['a@a.com', true],
    ['none@none.com', true],
    ['test@gmail.com', false],
    ['jane@notexample.com', false],
    ['jane@example.com.au', false],
    ['jane.doe@gmail.com', false],
    ['nullify@acme.com', false],
  ])('%j → %s', (email, junk) => {
    expect(isJunkEmail(email)).toBe(junk);
  });

  it('accepts more values from configuration', () => {
    const extra = { emails: ['Info@Acme.com'], emailLocalParts: ['unknown'], emailDomains: ['mailinator.com'] };
    expect(isJunkEmail('info@acme.com', extra)).toBe(true);
    expect(isJunkEmail('unknown@x.org', extra)).toBe(true);
    expect(isJunkEmail('a1@mailinator.com', extra)).toBe(true);
    expect(isJunkEmail('info@acme.com')).toBe(false);
    expect(isJunkEmail('test@test.com', extra)).toBe(true);
  });
});

describe('isJunkPhone', () => {
  it.each([
    ['0000000000', true],
    ['1111111111', true],
    ['999-999-9999', true],
    ['(555) 555-5555', true],
    ['1 555 555 5555', true],
    ['+15555555555', true],
    ['+11111111111', true],
    ['123-456-7890', true],
    ['+11234567890', true],
    ['+441234567890', true],
    ['0123456789', true],
    ['000000', true],
    ['+14155550134', false],
    ['(415) 555-0134', false],
    ['+442079460958', false],
    ['11111', false],
    ['', false],
  ])('%j → %s', (phone, junk) => {
    expect(isJunkPhone(phone)).toBe(junk);
  });

  it('accepts more values from configuration (a shared office line)', () => {
    const extra = { phones: ['415-555-0100'] };
    expect(isJunkPhone('+14155550100', extra)).toBe(true);
    expect(isJunkPhone('(415) 555-0100', extra)).toBe(true);
    expect(isJunkPhone('+14155550100')).toBe(false);
  });
});

describe('isJunkIdentifier', () => {
  it.each([
    ['0', true],
    ['000000', true],
    ['N/A', true],
    ['n/a', true],
    ['NA', true],
    ['null', true],
    [' NULL ', true],
    ['Unknown', true],
    ['none', true],
    ['-', true],
    ['', true],
    ['C-000123', false],
    ['10', false],
    ['NAB', false],
  ])('%j → %s', (value, junk) => {
    expect(isJunkIdentifier(value)).toBe(junk);
  });

  it('accepts more values from configuration', () => {
    expect(isJunkIdentifier('TBD', { identifiers: ['tbd'] })).toBe(true);
    expect(isJunkIdentifier('TBD')).toBe(false);
  });
});

describe('isJunkName', () => {
  it.each([
    ['Test', true],
    [' TEST ', true],
    ['Unknown', true],
    ['N/A', true],
    ['n/a', true],
    ['No Name', true],
    ['Anonymous', true],
    ['', false],
    ['Doe', false],
    ['Guest', false],
    ['Na', false],
    ['Testa', false],
    ['Tess', false],
  ])('%j → %s', (value, junk) => {
    expect(isJunkName(value)).toBe(junk);
  });

  it('accepts more names from configuration', () => {
    expect(isJunkName('Placeholder', { names: ['placeholder'] })).toBe(true);
    expect(isJunkName('Placeholder')).toBe(false);
  });
});

describe('DEFAULT_JUNK', () => {
  it('is config-shaped', () => {
    expect(Object.keys(DEFAULT_JUNK).sort()).toEqual([
      'emailDomains',
      'emailLocalParts',
      'emails',
      'identifiers',
      'names',
      'phones',
    ]);
  });
});
