// Builders for engine tests: people as a source would hold them, turned into
// MatchRecords the way the engine does (toMatchRecord), with a fixed clock.
import type { PersonAttributes, PostalAddress } from '../../../../src/sources/record';
import { toMatchRecord, type MatchRecord } from '../../../../src/identity/engine/match-record';

export interface PersonInput {
  first?: string;
  last?: string;
  full?: string;
  birth?: string;
  emails?: string[];
  phones?: string[];
  address?: PostalAddress;
  ids?: Record<string, string>;
}

export const NOW = new Date('2025-06-01T00:00:00Z');

export function person(p: PersonInput): PersonAttributes {
  const out: PersonAttributes = {
    emails: p.emails ?? [],
    phones: p.phones ?? [],
    addresses: p.address ? [p.address] : [],
    identifiers: Object.entries(p.ids ?? {}).map(([type, value]) => ({ type, value })),
  };
  if (p.first !== undefined) out.firstName = p.first;
  if (p.last !== undefined) out.lastName = p.last;
  if (p.full !== undefined) out.fullName = p.full;
  if (p.birth !== undefined) out.birthDate = p.birth;
  return out;
}

export function rec(id: string, p: PersonInput, source = 'crm'): MatchRecord {
  return toMatchRecord(id, source, person(p), { defaultRegion: 'GB', now: NOW });
}

export const HOME: PostalAddress = { line1: '12 High Street', city: 'Leeds', postcode: 'LS1 4AB', country: 'GB' };
export const OTHER_HOME: PostalAddress = { line1: 'Flat 3, 7 Mill Lane', city: 'York', postcode: 'YO1 7HH', country: 'GB' };
