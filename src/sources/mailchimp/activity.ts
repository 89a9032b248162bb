import type { ActivityData, FilePosition, JourneyEvent, MappedRecord, ParseResult } from '../record';
import { compact, RecordError, rejection, toResults, within } from '../shared/result';
import { isObject, list, quote, requiredText, requiredTimestamp, text, type JsonObject } from '../shared/values';

interface ActivityGroup {
  emailId: string;
  listId?: string;
  source: JsonObject;
  items: unknown[];
}

const EVENT_TYPES: Record<string, string> = {
  sent: 'email_sent',
  open: 'email_opened',
  click: 'email_clicked',
  bounce: 'email_bounced',
  unsub: 'email_unsubscribed',
};

function summary(action: string, campaign: string): string {
  switch (action) {
    case 'sent': return `Sent campaign ${campaign}`;
    case 'open': return `Opened campaign ${campaign}`;
    case 'click': return `Clicked a link in campaign ${campaign}`;
    case 'bounce': return `Campaign ${campaign} bounced`;
    case 'unsub': return `Unsubscribed from campaign ${campaign}`;
    default: return `Campaign ${campaign}: ${action}`;
  }
}

function activityEvent(data: ActivityData): JourneyEvent {
  const campaign = data.title ? `'${data.title}'` : (data.campaignId ?? '(unknown)');
  return {
    type: EVENT_TYPES[data.action] ?? `email_${data.action}`,
    channel: 'email',
    occurredAt: data.occurredAt,
    summary: summary(data.action, campaign),
    attributes: compact({ campaignId: data.campaignId, title: data.title }),
  };
}

function mapActivityItem(group: ActivityGroup, item: unknown): MappedRecord {
  if (!isObject(item)) throw new RecordError(`not an object: ${quote(item)}`);
  const data: ActivityData = compact({
    listId: group.listId,
    campaignId: text(item.campaign_id, 'campaign_id'),
    action: requiredText(item.action, 'action'),
    occurredAt: requiredTimestamp(item.timestamp, 'timestamp'),
    title: text(item.title, 'title'),
    url: text(item.url, 'url'),
  });
  const rawTime = text(item.timestamp, 'timestamp');
  return {
    entity: 'activity',
    externalId: [group.emailId, data.campaignId ?? '', data.action, rawTime].join(':'),
    payload: compact({ ...item, email_id: group.source.email_id, list_id: group.source.list_id }),
    deleted: false,
    owner: { entity: 'member', externalId: group.emailId },
    data: { ...data },
    events: [activityEvent(data)],
  };
}

function readGroup(value: unknown): ActivityGroup {
  if (!isObject(value)) throw new RecordError('record is not a JSON object');
  return {
    emailId: requiredText(value.email_id, 'email_id'),
    listId: text(value.list_id, 'list_id'),
    source: value,
    items: list(value.activity, 'activity') ?? [],
  };
}

/** One member's activity object becomes one record per activity item; a bad item does not spoil the others. */
export function activityResults(value: unknown, line: number, at?: FilePosition): ParseResult[] {
  let group: ActivityGroup;
  try {
    group = readGroup(value);
  } catch (error) {
    if (error instanceof RecordError) return [rejection(line, error.message, at)];
    throw error;
  }
  return group.items.flatMap((item, index) =>
    toResults(line, () => within(`activity[${index}]`, () => mapActivityItem(group, item)), at),
  );
}
