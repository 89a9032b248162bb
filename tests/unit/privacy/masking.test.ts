import { maskValue, pseudonymise } from '../../../src/privacy/masking';
import { hasConsent } from '../../../src/privacy/consent';

describe('masks', () => {
  it.each([
    ['email', 'jane.doe@example.com', 'j***@example.com'],
    ['email', 'not-an-email', null],
    ['phone', '+14155550134', '***0134'],
    ['phone', '12', null],
    ['year', '1980-05-17', '1980'],
    ['year', '05/17', null],
    ['initials', 'Robert van Dijk', 'R. V. D.'],
    ['initials', 'élodie', 'É.'],
    ['initials', '   ', ''],
    ['postcode_district', 'SW1A 1AA', 'SW1A'],
    ['postcode_district', 'm1 1ae', 'M1'],
    ['postcode_district', '94110', '941**'],
    ['postcode_district', '28013', '280**'],
    ['keep', 'Madrid', 'Madrid'],
    ['null', 'anything', null],
  ] as const)('%s(%j) = %j', (format, value, expected) => {
    expect(maskValue(format, value)).toBe(expected);
  });

  it('pseudonymises stably per key and classification, without revealing the value', () => {
    const a = pseudonymise('k1', 'contact', 'bob@example.com');
    expect(a).toMatch(/^pz_[A-Za-z0-9_-]{22}$/);
    expect(pseudonymise('k1', 'contact', 'bob@example.com')).toBe(a);
    expect(pseudonymise('k2', 'contact', 'bob@example.com')).not.toBe(a);
    expect(pseudonymise('k1', 'identity', 'bob@example.com')).not.toBe(a);
    expect(a).not.toContain('bob');
  });
});

describe('consent', () => {
  const at = (iso: string) => new Date(iso);
  it('is granted by the most recent statement about the channel, case-insensitively', () => {
    expect(hasConsent([{ channel: 'email', granted: true, recordedAt: at('2024-01-10') }, { channel: 'Email', granted: false, recordedAt: at('2024-02-10') }], 'email')).toBe(false);
    expect(hasConsent([{ channel: 'email', granted: false, recordedAt: at('2024-01-10') }, { channel: 'email', granted: true, recordedAt: at('2024-02-10') }], 'email')).toBe(true);
  });
  it('is refused without any statement, and a refusal wins a tie', () => {
    expect(hasConsent([], 'email')).toBe(false);
    expect(hasConsent([{ channel: 'sms', granted: true, recordedAt: at('2024-01-10') }], 'email')).toBe(false);
    expect(hasConsent([{ channel: 'email', granted: true, recordedAt: at('2024-01-10') }, { channel: 'email', granted: false, recordedAt: at('2024-01-10') }], 'email')).toBe(false);
  });
});
