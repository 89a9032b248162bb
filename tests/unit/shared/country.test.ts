import { getCountries } from 'libphonenumber-js/max';
import { canonicalCountry, COUNTRY_NAMES, countryCode, countryKey, FOLD, ISO_CODES } from '../../../src/shared/country';

describe('countryCode', () => {
  it.each([
    ['GB', 'GB'],
    ['uk', 'GB'],
    ['U.K.', 'GB'],
    ['United Kingdom', 'GB'],
    ['  united   states ', 'US'],
    ['UNITED\u00a0STATES\t', 'US'],
    ['USA', 'US'],
    ['us', 'US'],
    ['Deutschland', 'DE'],
    ['ÖSTERREICH', 'AT'],
    ['México', 'MX'],
    ['de', 'DE'],
    ['AQ', 'AQ'], // a country without phone numbering of its own is still a country
    ['Atlantis', undefined],
    ['constructor', undefined], // not a key of an object's prototype
    ['XX', undefined],
    ['ıt', undefined], // dotless i: only ASCII letters make a code ('ıt'.toUpperCase() is 'IT')
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %s', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });

  it('reads every name in the map in any case, and every code', () => {
    for (const [name, code] of Object.entries(COUNTRY_NAMES)) {
      for (const written of [name, name.toUpperCase(), ` ${name.replace(/(^|\s)\S/g, (c) => c.toUpperCase())} `]) {
        expect([written, countryCode(written)]).toEqual([written, code]);
      }
      expect(ISO_CODES.has(code)).toBe(true);
    }
    for (const code of ISO_CODES) expect([countryCode(code.toLowerCase()), countryCode(code)]).toEqual([code, code]);
  });

  it('knows every region phone numbering knows (identity reads phones in the address country)', () => {
    expect(getCountries().filter((c) => !ISO_CODES.has(c))).toEqual([]);
    expect(ISO_CODES.size).toBe(252); // 249 assigned + XK, AC, TA
  });

  it('folds every non-ASCII letter of the names the same way in TypeScript and SQL (FOLD)', () => {
    const letters = new Set(Object.keys(COUNTRY_NAMES).join('').replace(/[\x00-\x7f]/g, ''));
    expect([...letters].sort().join('')).toBe([...FOLD.to].sort().join(''));
    expect([...FOLD.from].map((c) => c.toLowerCase()).join('')).toBe(FOLD.to);
  });
});

describe('canonicalCountry and countryKey', () => {
  it.each([
    ['US', 'US', 'us'],
    ['United States', 'US', 'us'],
    [' usa ', 'US', 'us'],
    ['UK', 'GB', 'gb'],
    ['Great Britain', 'GB', 'gb'],
    // an unknown name is kept as written, only trimmed; compared case-insensitively
    ['  Narnia\u00a0', 'Narnia', 'narnia'],
    ['Republic of  Narnia', 'Republic of  Narnia', 'republic of  narnia'],
    ['  ', undefined, ''],
    [undefined, undefined, ''],
  ])('%j → %j, compared as %j', (raw, shown, key) => {
    expect(canonicalCountry(raw)).toBe(shown);
    expect(countryKey(raw)).toBe(key);
  });
});
