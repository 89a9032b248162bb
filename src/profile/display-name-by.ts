import type { DisplayNameOf, NamedRecord } from '../identity/display-name';
import { goldenName } from './golden-profile';
import type { RecordRow } from './records';
import type { Survivorship } from './survivorship';

/** The list name identity stores on `customer`, chosen by the profile's name rules (so both agree). */
export function displayNameBy(rules: Survivorship): DisplayNameOf {
  return (records) => goldenName(records.map(asRecordRow), rules);
}

function asRecordRow(r: NamedRecord): RecordRow {
  const person: Record<string, unknown> = { emails: [], phones: [], addresses: [], identifiers: [] };
  if (r.firstName !== null) person.firstName = r.firstName;
  if (r.lastName !== null) person.lastName = r.lastName;
  if (r.fullName !== null) person.fullName = r.fullName;
  return {
    id: r.id,
    source: r.source,
    entity: r.entity,
    externalId: r.externalId,
    data: {},
    person,
    quality: [],
    contentHash: '',
    ownerEntity: null,
    ownerExternalId: null,
    personRecordId: r.id,
    sourceChangedAt: r.sourceChangedAt,
    firstSeenAt: r.lastChangedAt,
    lastChangedAt: r.lastChangedAt,
  };
}
