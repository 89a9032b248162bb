import type { InteractionData, MappedRecord } from '../record';
import { compact, RecordError } from '../shared/result';
import { bool, number, object, quote, requiredText, requiredTimestamp, text, timestamp, type JsonObject } from '../shared/values';

/**
 * Survey answers whose `value` is the answer (docs/import-formats.md). One out of range is refused with its line:
 * kept, it showed in the journey while the trait left it out without a word (metrics use the same ranges).
 */
const ANSWER_RANGES = new Map([
  ['nps_response', { min: 0, max: 10 }],
  ['ces_response', { min: 1, max: 7 }],
]);

function checkAnswer(action: string, value: number | undefined): void {
  const range = ANSWER_RANGES.get(action);
  if (!range) return;
  const expected = `${action} takes the answer, ${range.min} to ${range.max}`;
  if (value === undefined) throw new RecordError(`value is empty: ${expected}`);
  if (value < range.min || value > range.max) throw new RecordError(`value ${quote(value)} is out of range: ${expected}`);
}

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
  checkAnswer(data.action, data.value);
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
