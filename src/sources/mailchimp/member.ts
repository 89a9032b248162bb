import { createHash } from 'node:crypto';
import type { JourneyEvent, MappedRecord, MemberData, PostalAddress } from '../record';
import { person } from '../shared/person';
import { compact, RecordError, within } from '../shared/result';
import { bool, isObject, list, object, present, quote, requiredText, text, timestamp, type JsonObject } from '../shared/values';

/**
 * The statuses Mailchimp gives a list member. Another word is refused like a missing status: consent and
 * deletion (archived) are read from it, so a record with an unknown one would be a guess either way.
 */
const STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'];

function status(value: unknown): string {
  const result = requiredText(value, 'status');
  if (!STATUSES.includes(result)) throw new RecordError(`status must be one of ${STATUSES.join(', ')}, got ${quote(result)}`);
  return result;
}

/** Mailchimp's subscriber hash: MD5 of the lower-cased address. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

/** ADDRESS is an object when set and an empty string when not; a plain string is kept as line1. */
function address(value: unknown): PostalAddress[] {
  if (typeof value === 'string') return value.trim() ? [{ line1: value.trim() }] : [];
  const parts = object(value, 'merge_fields.ADDRESS');
  if (!parts) return [];
  const field = (name: string) => text(parts[name], `merge_fields.ADDRESS.${name}`);
  const result = compact<PostalAddress>({
    line1: field('addr1'),
    line2: field('addr2'),
    city: field('city'),
    region: field('state'),
    postcode: field('zip'),
    country: field('country'),
  });
  return Object.keys(result).length > 0 ? [result] : [];
}

function permissions(value: unknown): MemberData['permissions'] {
  return (list(value, 'marketing_permissions') ?? []).map((item, index) =>
    within(`marketing_permissions[${index}]`, () => {
      if (!isObject(item)) throw new RecordError(`not an object: ${quote(item)}`);
      return {
        id: requiredText(item.marketing_permission_id, 'marketing_permission_id'),
        text: text(item.text, 'text') ?? '',
        enabled: bool(item.enabled, 'enabled') ?? false,
      };
    }),
  );
}

/** Tags come as [{ id, name }]; plain strings are accepted too. */
function tagNames(value: unknown): string[] | undefined {
  const names = (list(value, 'tags') ?? []).map((tag, index) =>
    typeof tag === 'string' ? tag.trim() : text(object(tag, `tags[${index}]`)?.name, `tags[${index}].name`),
  );
  const kept = names.filter((name): name is string => !!name);
  return kept.length > 0 ? kept : undefined;
}

function memberEvents(data: MemberData): JourneyEvent[] {
  const attributes = { listId: data.listId };
  const events: JourneyEvent[] = [];
  if (data.optInAt) {
    events.push({ type: 'subscribed', channel: 'email', occurredAt: data.optInAt, summary: `Subscribed to list ${data.listId}`, attributes });
  }
  if (data.status === 'unsubscribed' && data.lastChanged) {
    events.push({ type: 'unsubscribed', channel: 'email', occurredAt: data.lastChanged, summary: `Unsubscribed from list ${data.listId}`, attributes });
  }
  return events;
}

export function mapMember(value: JsonObject): MappedRecord {
  const email = requiredText(value.email_address, 'email_address');
  const merge = object(value.merge_fields, 'merge_fields') ?? {};
  const data: MemberData = compact({
    listId: requiredText(value.list_id, 'list_id'),
    emailAddress: email,
    status: status(value.status),
    permissions: permissions(value.marketing_permissions),
    optInAt: timestamp(value.timestamp_opt, 'timestamp_opt'),
    lastChanged: timestamp(value.last_changed, 'last_changed'),
    tags: tagNames(value.tags),
  });
  return compact({
    entity: 'member' as const,
    externalId: text(value.id, 'id') ?? subscriberHash(email),
    payload: value,
    sourceChangedAt: data.lastChanged,
    deleted: data.status === 'archived',
    person: person({
      firstName: text(merge.FNAME, 'merge_fields.FNAME'),
      lastName: text(merge.LNAME, 'merge_fields.LNAME'),
      emails: [email],
      phones: present(text(merge.PHONE, 'merge_fields.PHONE')),
      addresses: address(merge.ADDRESS),
      birthDate: text(merge.BIRTHDAY, 'merge_fields.BIRTHDAY'),
    }),
    data: { ...data },
    events: memberEvents(data),
  });
}
