import type { MappedRecord, UserData } from '../record';
import { person, splitFullName } from '../shared/person';
import { compact } from '../shared/result';
import { bool, present, requiredText, text, timestamp, type JsonObject } from '../shared/values';
import { isNoName } from './username-name';

export function mapUser(value: JsonObject): MappedRecord {
  const externalId = requiredText(value.id, 'id');
  const email = text(value.email, 'email');
  const name = text(value.name, 'name');
  // A username standing in for a name is no name; the payload keeps it.
  const fullName = name !== undefined && isNoName(name, email) ? undefined : name;
  const customerNumber = text(value.external_id, 'external_id');
  const created = timestamp(value.created_at, 'created_at');
  const data: UserData = compact({
    role: text(value.role, 'role'),
    organizationId: text(value.organization_id, 'organization_id'),
  });
  return compact({
    entity: 'user' as const,
    externalId,
    payload: value,
    sourceChangedAt: timestamp(value.updated_at, 'updated_at') ?? created,
    deleted: bool(value.active, 'active') === false,
    person: person({
      fullName,
      ...splitFullName(fullName),
      emails: present(email),
      phones: present(text(value.phone, 'phone')),
      identifiers: customerNumber ? [{ type: 'customer_number', value: customerNumber }] : [],
    }),
    data: { ...data },
    events: [],
  });
}
