// The country of a record without an address, read from its email domain, for reading a nationally written
// phone number there. Country names and codes are src/shared/country.ts (countryCode).
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { CountryCode } from './normalise-phone';

/**
 * The country of an email's country-code domain (`web.de` → DE, `btinternet.co.uk` → GB), for a record
 * without an address; generic domains (`.com`, `.me`) say nothing.
 */
export function emailCountry(email: string): CountryCode | undefined {
  const tld = email.trim().slice(email.trim().lastIndexOf('.') + 1).toUpperCase();
  if (tld === 'UK') return 'GB';
  // .me, .io, .co, .tv, .ai are sold as generic names, not national ones.
  if (tld.length !== 2 || ['ME', 'IO', 'CO', 'TV', 'AI', 'FM', 'LY', 'GG', 'TO'].includes(tld)) return undefined;
  return isSupportedCountry(tld) ? tld : undefined;
}
