import type { JourneyEvent, MappedRecord, TicketData } from '../record';
import { compact } from '../shared/result';
import { object, requiredText, requiredTimestamp, stringList, text, timestamp, type JsonObject } from '../shared/values';

const RATED = new Set(['good', 'bad']);

function ticketEvents(id: string, data: TicketData): JourneyEvent[] {
  const attributes = compact({ ticketId: id, channel: data.channel, status: data.status });
  const event = (type: string, occurredAt: string, summary: string): JourneyEvent => ({
    type,
    channel: 'support',
    occurredAt,
    summary,
    attributes,
  });
  const events = [event('ticket_opened', data.createdAt, `Ticket ${id} opened`)];
  if (data.solvedAt) events.push(event('ticket_solved', data.solvedAt, `Ticket ${id} solved`));
  if (data.satisfaction && RATED.has(data.satisfaction)) {
    const ratedAt = data.updatedAt ?? data.solvedAt ?? data.createdAt;
    events.push(event('ticket_rated', ratedAt, `Ticket ${id} rated ${data.satisfaction}`));
  }
  return events;
}

export function mapTicket(value: JsonObject): MappedRecord {
  const externalId = requiredText(value.id, 'id');
  const requesterId = requiredText(value.requester_id, 'requester_id');
  const via = object(value.via, 'via');
  const rating = object(value.satisfaction_rating, 'satisfaction_rating');
  const tags = stringList(value.tags, 'tags');
  const data: TicketData = compact({
    subject: text(value.subject, 'subject'),
    status: text(value.status, 'status') ?? 'new',
    priority: text(value.priority, 'priority'),
    channel: text(via?.channel, 'via.channel'),
    createdAt: requiredTimestamp(value.created_at, 'created_at'),
    updatedAt: timestamp(value.updated_at, 'updated_at'),
    solvedAt: timestamp(value.solved_at, 'solved_at'),
    satisfaction: text(rating?.score, 'satisfaction_rating.score'),
    satisfactionComment: text(rating?.comment, 'satisfaction_rating.comment'),
    tags: tags.length > 0 ? tags : undefined,
  });
  return compact({
    entity: 'ticket' as const,
    externalId,
    payload: value,
    sourceChangedAt: data.updatedAt,
    deleted: data.status === 'deleted',
    owner: { entity: 'user' as const, externalId: requesterId },
    data: { ...data },
    events: ticketEvents(externalId, data),
  });
}
