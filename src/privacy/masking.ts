import { createHmac } from 'node:crypto';
import type { MaskFormat } from './policy';

/** A partial value that tells a person what they need and no more. Null when nothing partial is safe. */
export function maskValue(format: MaskFormat, value: string): string | null {
  switch (format) {
    case 'email':
      return maskEmail(value);
    case 'phone':
      return maskPhone(value);
    case 'year':
      return /^\d{4}/.test(value) ? value.slice(0, 4) : null;
    case 'initials':
      return initials(value);
    case 'postcode_district':
      return postcodeDistrict(value);
    case 'keep':
      return value;
    case 'null':
      return null;
  }
}

/** j***@example.com: the first character of the local part and the domain. */
function maskEmail(value: string): string | null {
  const at = value.lastIndexOf('@');
  if (at < 1) return null;
  return `${value[0]}***${value.slice(at)}`;
}

/** ***0134: the last four digits. */
function maskPhone(value: string): string | null {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 4 ? `***${digits.slice(-4)}` : null;
}

/** "Robert van Dijk" → "R. v. D." */
function initials(value: string): string | null {
  const parts = value.trim().split(/\s+/).filter(Boolean);
  return parts.map((p) => `${[...p][0]!.toUpperCase()}.`).join(' ');
}

/** The outward part of a UK postcode (SW1A 1AA → SW1A), the first three digits of others (94110 → 941**). */
function postcodeDistrict(value: string): string | null {
  const text = value.trim().toUpperCase();
  const uk = /^([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}$/.exec(text);
  if (uk) return uk[1]!;
  const compact = text.replace(/[\s-]/g, '');
  if (compact.length < 3) return null;
  return compact.slice(0, 3) + '*'.repeat(Math.max(compact.length - 3, 0));
}

/**
 * A stable stand-in for a value: HMAC-SHA256 keyed per deployment over the classification and value,
 * so equal values join while the value cannot be recovered without the key.
 */
export function pseudonymise(key: string, classification: string, value: string): string {
  return `pz_${createHmac('sha256', key).update(classification).update('\u0000').update(value).digest('base64url').slice(0, 22)}`;
}
