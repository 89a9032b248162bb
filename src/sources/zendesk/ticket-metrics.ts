import type { MappedRecord, TicketMetricsData } from '../record';
import { compact, RecordError } from '../shared/result';
import { number, object, quote, requiredText, timestamp, type JsonObject } from '../shared/values';

function count(value: JsonObject, field: string): number {
  const result = number(value[field], field) ?? 0;
  if (!Number.isInteger(result) || result < 0) throw new RecordError(`${field} is not a valid count: ${quote(value[field])}`);
  return result;
}

/** Zendesk gives durations as { calendar, business }; the calendar figure is what a customer lives through. */
function calendarMinutes(value: JsonObject, field: string): number | undefined {
  return number(object(value[field], field)?.calendar, `${field}.calendar`);
}

export function mapTicketMetrics(value: JsonObject): MappedRecord {
  const externalId = requiredText(value.id, 'id');
  const data: TicketMetricsData = compact({
    ticketId: requiredText(value.ticket_id, 'ticket_id'),
    reopens: count(value, 'reopens'),
    replies: count(value, 'replies'),
    assigneeStations: count(value, 'assignee_stations'),
    groupStations: count(value, 'group_stations'),
    fullResolutionMinutes: calendarMinutes(value, 'full_resolution_time_in_minutes'),
    firstResolutionMinutes: calendarMinutes(value, 'first_resolution_time_in_minutes'),
    solvedAt: timestamp(value.solved_at, 'solved_at'),
  });
  return compact({
    entity: 'ticket_metrics' as const,
    externalId,
    payload: value,
    sourceChangedAt: timestamp(value.updated_at, 'updated_at'),
    deleted: false,
    owner: { entity: 'ticket' as const, externalId: data.ticketId },
    data: { ...data },
    events: [],
  });
}
