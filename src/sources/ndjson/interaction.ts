import type { InteractionData, MappedRecord } from '../record';
import { compact } from '../shared/result';
import { bool, number, object, requiredText, requiredTimestamp, text, timestamp, type JsonObject } from '../shared/values';

export function mapInteraction(value: JsonObject): MappedRecord {
  const externalId = requiredText(value.id, 'id');
  const personId = requiredText(value.personId, 'personId');
  const data: InteractionData = compact({
    occurredAt: requiredTimestamp(value.occurredAt, 'occurredAt'),
    channel: requiredText(value.channel, 'channel'),
    action: requiredText(value.action, 'action'),
    summary: text(value.summary, 'summary'),
    value: number(value.value, 'value'),
    attributes: object(value.attributes, 'attributes'),
  });
  return compact({
    entity: 'interaction' as const,
    externalId,
    payload: value,
    sourceChangedAt: timestamp(value.updatedAt, 'updatedAt'),
    deleted: bool(value.deleted, 'deleted') ?? false,
    owner: { entity: 'person' as const, externalId: personId },
    data: { ...data },
    events: [
      {
        type: data.action,
        channel: data.channel,
        occurredAt: data.occurredAt,
        summary: data.summary ?? `${data.action} on ${data.channel}`,
        attributes: compact({ value: data.value, ...data.attributes }),
      },
    ],
  });
}
