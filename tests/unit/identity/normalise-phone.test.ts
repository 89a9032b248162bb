import { normalisePhone, normalisePhoneIn } from '../../../src/identity/matching/normalise-phone';

describe('normalisePhone', () => {
  it.each([
    ['(415) 555-0134', 'US', '+14155550134'],
    ['415.555.0134', 'US', '+14155550134'],
    ['415 555 0134', 'US', '+14155550134'],
    ['415/555-0134', 'US', '+14155550134'],
    ['415–555–0134', 'US', '+14155550134'],
    ['1 415 555 0134', 'US', '+14155550134'],
    ['+1 (415) 555-0134', 'US', '+14155550134'],
    ['+1 415 555 0134', 'GB', '+14155550134'],
    // UK numbers: international form works from any default region
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['+44 (0) 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'GB', '+442079460958'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['07911 123456', 'GB', '+447911123456'],
    ['+44 7911 123456', 'US', '+447911123456'],
    ['+49 30 901820', 'US', '+4930901820'],
  ] as const)('%j in %s → %s', (raw, region, value) => {
    expect(normalisePhone(raw, region)).toEqual({ value });
  });

  it('US formats of one number are equal', () => {
    expect(normalisePhone('(415) 555-0134', 'US')).toEqual(normalisePhone('415.555.0134', 'US'));
  });

  it.each([
    ['415-555-0134 ext. 12', '12'],
    ['415-555-0134 ext 12', '12'],
    ['415-555-0134 extension 7', '7'],
    ['415-555-0134 x12', '12'],
    ['415-555-0134 X 12', '12'],
    ['415-555-0134 #99', '99'],
    ['415-555-0134, ext: 300', '300'],
  ])('%j keeps the extension apart', (raw, extension) => {
    expect(normalisePhone(raw, 'US')).toEqual({ value: '+14155550134', extension });
  });

  it.each([
    ['', 'US', 'empty'],
    ['1-800-FLOWERS', 'US', 'contains letters'],
    ['415 555 0134 call after 5', 'US', 'contains letters'],
    ['tel 415 555 0134', 'US', 'contains letters'],
    ['415 555 0134 ext', 'US', 'contains letters'],
    ['415*555*0134', 'US', 'contains unexpected characters'],
    ['415+5550134', 'US', 'misplaced +'],
    ['++1 415 555 0134', 'US', 'misplaced +'],
    ['( ) -', 'US', 'not a phone number'],
    ['415 555 013', 'US', 'too short'],
    ['12', 'US', 'too short'],
    ['123456789012345678', 'US', 'too long'],
    // A UK national number read with a US default region
    ['020 7946 0958', 'US', 'too long'],
    ['07911 123456', 'US', 'too long'],
    // right length, but no such area code / range (needs the max metadata)
    ['+1 555 123 4567', 'US', 'not a valid number for +1'],
    ['+44 1632 960000', 'US', 'not a valid number for +44'],
    ['(555) 123-4567', 'US', 'not a valid number for +1'],
    ['+999 123', 'US', 'unknown country calling code'],
  ] as const)('%j in %s is invalid: %s', (raw, region, invalid) => {
    expect(normalisePhone(raw, region)).toEqual({ invalid });
  });
});

describe('normalisePhoneIn', () => {
  it('reads a national number invalid in the default region in the address country', () => {
    expect(normalisePhoneIn('07911 123456', 'US', ['GB'])).toEqual({ value: '+447911123456' });
    expect(normalisePhoneIn('030 901820', 'US', ['US', 'DE'])).toEqual({ value: '+4930901820' });
  });

  it('keeps the default region where the number is valid there', () => {
    expect(normalisePhoneIn('(415) 555-0134', 'US', ['GB'])).toEqual({ value: '+14155550134' });
  });

  it('never re-reads an international number, and stays invalid without a region that fits', () => {
    expect(normalisePhoneIn('+1 415 555', 'US', ['GB'])).toHaveProperty('invalid');
    expect(normalisePhoneIn('07911 123456', 'US', [])).toHaveProperty('invalid');
  });

  it('says why in every region tried, the record\'s own first, when the number fits none', () => {
    // A UK mobile outside the allocated ranges on a UK record: not the US reading alone ("too long").
    expect(normalisePhoneIn('07700 296341', 'US', ['GB'])).toEqual({ invalid: 'not a valid number for +44 (read in GB); too long (read in US)' });
    expect(normalisePhoneIn('4155', 'US', ['GB', 'US'])).toEqual({ invalid: 'too short (read in GB, US)' });
    expect(normalisePhoneIn('07700 296341', 'US', [])).toEqual({ invalid: 'too long' });
    expect(normalisePhoneIn('+44 7700 296341', 'US', ['GB'])).toEqual({ invalid: 'not a valid number for +44' });
  });
});
