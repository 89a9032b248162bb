// Emails and phone numbers: unique per person (so the truth stays clean) and
// printable in the many formats real systems hold.
import { Rng, Weighted, weighted } from './prng';
import { CONSUMER_DOMAINS, Country } from './tables/places';
import type { Phone } from './types';

/** ASCII slug for email local parts: García → garcia, O'Brien → obrien, Łukasz → lukasz. */
export function slug(text: string): string {
  return text
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ß/g, 'ss')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

const LOCAL_FORMS = new Weighted<(f: string, l: string) => string>([
  [(f, l) => `${f}.${l}`, 40],
  [(f, l) => `${f}${l}`, 15],
  [(f, l) => `${f[0]}${l}`, 15],
  [(f, l) => `${f}_${l}`, 8],
  [(f, l) => `${l}.${f}`, 7],
  [(f, l) => `${f}${l[0]}`, 5],
  [(f) => f, 5],
]);

const domainTables = new Map<Country, Weighted<string>>(
  (Object.keys(CONSUMER_DOMAINS) as Country[]).map((c) => [c, new Weighted(CONSUMER_DOMAINS[c])]),
);

export function consumerDomain(rng: Rng, country: Country): string {
  return domainTables.get(country)!.pick(rng);
}

/**
 * Hands out addresses no two people share. A taken address gets a numeric suffix derived
 * injectively from the person index; unsuffixed local parts never end in a digit, so they
 * cannot collide with a suffixed one.
 */
export class EmailRegistry {
  private readonly used = new Set<string>();

  claim(local: string, domain: string, personIndex: number): string {
    const plain = `${local}@${domain}`;
    if (!this.used.has(plain)) {
      this.used.add(plain);
      return plain;
    }
    const suffix = (personIndex * 7919 + 101) % 1000003; // 1000003 is prime: injective below it
    return `${local}${suffix}@${domain}`;
  }

  personal(rng: Rng, first: string, last: string, domain: string, personIndex: number): string {
    const local = LOCAL_FORMS.pick(rng)(slug(first) || 'x', slug(last) || 'x');
    return this.claim(local, domain, personIndex);
  }

  family(rng: Rng, last: string, domain: string, personIndex: number): string {
    const l = slug(last);
    const local = weighted(rng, [[`the${l}s`, 1], [`${l}family`, 1], [`${l}.family`, 1], [`${l}home`, 1]]);
    return this.claim(local, domain, personIndex);
  }
}

// Bijection k → k*A + B (mod capacity): A = 7654321 shares no factor with 2, 3 or 5, the only
// prime factors of our capacities, so numbers spread without repeats.
function scramble(k: number, capacity: number, offset: number): number {
  return (k * 7_654_321 + offset) % capacity;
}

// Mobile prefixes: US area codes per city (people keep their number, so it matches where they live), national elsewhere.
const US_AREAS: Record<string, string[]> = {
  'San Francisco': ['415', '628'], 'New York': ['212', '646', '917', '718'], Chicago: ['312', '773'],
  Austin: ['512', '737'], Seattle: ['206', '425'], Boston: ['617', '857'], Denver: ['303', '720'], Portland: ['503', '971'],
};
const MOBILE_PREFIXES: Record<Exclude<Country, 'US'>, string[]> = { GB: ['7700'], DE: ['151', '160', '170', '176'] };
const SUBSCRIBER_DIGITS: Record<Country, number> = { US: 4, GB: 6, DE: 8 };

/** Hands out unique numbers. US numbers stay in the fictional 555 exchange while it lasts. */
export class PhoneBook {
  private readonly counters = new Map<string, number>();

  constructor(private readonly seed: number) {}

  mobile(country: Country, city: string): Phone {
    const areas = country === 'US' ? US_AREAS[city] : MOBILE_PREFIXES[country];
    const digits = SUBSCRIBER_DIGITS[country];
    const k = this.next(country === 'US' ? `m${city}` : `m${country}`);
    const capacity = areas.length * (country === 'US' ? 9000 : 10 ** digits); // US lines 9000-9999 are for landlines
    const slot = scramble(k % capacity, capacity, this.seed);
    const round = Math.floor(k / capacity); // only when a city runs out of 555 numbers
    const area = areas[slot % areas.length];
    const subscriber = pad(Math.floor(slot / areas.length), digits);
    return { country, area, subscriber: country === 'US' ? `${555 + round}${subscriber}` : subscriber };
  }

  landline(country: Country, cityArea: string): Phone {
    const k = this.next(`l${country}${cityArea}`);
    if (country === 'US') return { country, area: cityArea, subscriber: `555${9000 + scramble(k, 1000, this.seed)}` };
    if (country === 'GB') return { country, area: '20', subscriber: '7946' + pad(scramble(k, 10_000, this.seed), 4) };
    return { country, area: cityArea, subscriber: pad(scramble(k, 10_000_000, this.seed), 7) };
  }

  private next(key: string): number {
    const k = this.counters.get(key) ?? 0;
    this.counters.set(key, k + 1);
    return k;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export const CITY_AREAS: Record<string, string> = {
  'San Francisco': '415', 'New York': '212', Chicago: '312', Austin: '512', Seattle: '206', Boston: '617',
  Denver: '303', Portland: '503', London: '20', Manchester: '161', Edinburgh: '131', Bristol: '117',
  Berlin: '30', München: '89', Hamburg: '40', Köln: '221',
};

export type PhoneStyle = 'national' | 'dots' | 'intl' | 'digits' | 'e164' | 'dashes';
const CALLING_CODES: Record<Country, string> = { US: '1', GB: '44', DE: '49' };

/** `(415) 555-0134`, `415.555.0134`, `+1 415 555 0134`, `4155550134`, `+14155550134`, `415-555-0134`. */
export function formatPhone(phone: Phone, style: PhoneStyle): string {
  const { country, area, subscriber } = phone;
  const code = CALLING_CODES[country];
  if (country === 'US') {
    const [ex, line] = [subscriber.slice(0, 3), subscriber.slice(3)];
    if (style === 'national') return `(${area}) ${ex}-${line}`;
    if (style === 'dots') return `${area}.${ex}.${line}`;
    if (style === 'intl') return `+1 ${area} ${ex} ${line}`;
    if (style === 'e164') return `+1${area}${subscriber}`;
    if (style === 'dashes') return `${area}-${ex}-${line}`;
    return `${area}${subscriber}`;
  }
  const grouped = subscriber.length === 8 && country === 'GB' ? `${subscriber.slice(0, 4)} ${subscriber.slice(4)}` : subscriber;
  if (style === 'national') return `0${area} ${grouped}`;
  if (style === 'intl') return `+${code} ${area} ${grouped}`;
  if (style === 'e164') return `+${code}${area}${subscriber}`;
  if (style === 'dashes' && country === 'DE') return `0${area}/${subscriber}`;
  return `0${area}${subscriber}`;
}
