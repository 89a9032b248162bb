// Shared identifiers (customer number, loyalty number, ...) compared across systems.

export interface NormalisedIdentifier {
  /** lower snake case: "Customer Number", "customerNumber" → "customer_number" */
  type: string;
  /** trimmed, upper-cased, without spaces and dashes: " ab-12 34 " → "AB1234" */
  value: string;
}

export function normaliseIdentifierType(type: string): string {
  return type
    .trim()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z\d]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function normaliseIdentifierValue(value: string): string {
  return value.trim().toUpperCase().replace(/[\s\-\u2010-\u2015]+/g, '');
}

export function normaliseIdentifier(type: string, value: string): NormalisedIdentifier {
  return { type: normaliseIdentifierType(type), value: normaliseIdentifierValue(value) };
}
