import { countryCode, emailCountry } from '../../../src/identity/matching/normalise-country';

describe('countryCode', () => {
  it.each([
    ['GB', 'GB'],
    ['uk', 'GB'],
    ['United Kingdom', 'GB'],
    ['  united   states ', 'US'],
    ['USA', 'US'],
    ['Deutschland', 'DE'],
    ['de', 'DE'],
    ['Atlantis', undefined],
    ['XX', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });
});

describe('emailCountry', () => {
  it.each([
    ['anna@web.de', 'DE'],
    ['j.smith@btinternet.co.uk', 'GB'],
    ['j.smith@gmail.com', undefined],
    ['x@proton.me', undefined], // sold as a generic name
    [' x@orange.FR ', 'FR'],
  ])('%j → %s', (email, code) => {
    expect(emailCountry(email)).toBe(code);
  });
});
