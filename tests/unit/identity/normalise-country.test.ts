import { emailCountry } from '../../../src/identity/matching/normalise-country';

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
