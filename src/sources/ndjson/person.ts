import type { Identifier, MappedRecord, PersonAttributes, PostalAddress } from '../record';
import { person } from '../shared/person';
import { compact, RecordError, within } from '../shared/result';
import { bool, isObject, list, object, quote, requiredText, stringList, text, timestamp, type JsonObject } from '../shared/values';

type Names = Pick<PersonAttributes, 'firstName' | 'lastName' | 'fullName'>;

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postcode', 'country'] as const;

/** `name` is { first, last } or { full }; a plain string is taken as the full name. */
function names(value: unknown): Names {
  if (typeof value === 'string') return compact({ fullName: text(value, 'name') });
  const name = object(value, 'name') ?? {};
  return compact({
    firstName: text(name.first, 'name.first'),
    lastName: text(name.last, 'name.last'),
    fullName: text(name.full, 'name.full'),
  });
}

function objects(value: unknown, field: string): JsonObject[] {
  return (list(value, field) ?? []).map((item, index) => {
    if (!isObject(item)) throw new RecordError(`${field}[${index}] must be an object, got ${quote(item)}`);
    return item;
  });
}

function addresses(value: unknown): PostalAddress[] {
  const all = objects(value, 'addresses').map((item, index) =>
    compact<PostalAddress>(Object.fromEntries(ADDRESS_FIELDS.map((key) => [key, text(item[key], `addresses[${index}].${key}`)]))),
  );
  return all.filter((address) => Object.keys(address).length > 0);
}

function identifiers(value: unknown): Identifier[] {
  return objects(value, 'identifiers').map((item, index) =>
    within(`identifiers[${index}]`, () => ({ type: requiredText(item.type, 'type'), value: requiredText(item.value, 'value') })),
  );
}

export function mapPerson(value: JsonObject): MappedRecord {
  const externalId = requiredText(value.id, 'id');
  return compact({
    entity: 'person' as const,
    externalId,
    payload: value,
    sourceChangedAt: timestamp(value.updatedAt, 'updatedAt'),
    deleted: bool(value.deleted, 'deleted') ?? false,
    person: person({
      ...names(value.name),
      emails: stringList(value.emails, 'emails', true),
      phones: stringList(value.phones, 'phones', true),
      addresses: addresses(value.addresses),
      birthDate: text(value.birthDate, 'birthDate'),
      identifiers: identifiers(value.identifiers),
    }),
    data: compact({ attributes: object(value.attributes, 'attributes') }),
    events: [],
  });
}
