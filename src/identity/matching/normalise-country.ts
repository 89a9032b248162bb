// Country names as exports write them ("United Kingdom", "UK", "Deutschland", "us") → ISO 3166 alpha-2,
// for reading a nationally written phone number in the country of the record's own address.
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { CountryCode } from './normalise-phone';

/** Common names besides the alpha-2 code, lower case, accents kept. Small on purpose: unknown names are skipped. */
const NAMES: Readonly<Record<string, CountryCode>> = {
  'united states': 'US', 'united states of america': 'US', usa: 'US', 'u.s.a.': 'US', 'u.s.': 'US', america: 'US',
  'united kingdom': 'GB', uk: 'GB', 'u.k.': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'northern ireland': 'GB',
  germany: 'DE', deutschland: 'DE', austria: 'AT', österreich: 'AT', switzerland: 'CH', schweiz: 'CH', suisse: 'CH',
  france: 'FR', spain: 'ES', españa: 'ES', italy: 'IT', italia: 'IT', netherlands: 'NL', nederland: 'NL', holland: 'NL',
  belgium: 'BE', ireland: 'IE', portugal: 'PT', poland: 'PL', polska: 'PL', sweden: 'SE', sverige: 'SE', norway: 'NO',
  denmark: 'DK', finland: 'FI', canada: 'CA', australia: 'AU', 'new zealand': 'NZ', mexico: 'MX', méxico: 'MX',
  brazil: 'BR', brasil: 'BR', india: 'IN', japan: 'JP', singapore: 'SG',
};

export function countryCode(name: string | undefined): CountryCode | undefined {
  const text = (name ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  const code = text.toUpperCase();
  if (code === 'UK') return 'GB';
  if (/^[A-Z]{2}$/.test(code) && isSupportedCountry(code)) return code;
  return NAMES[text.toLowerCase()];
}

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
