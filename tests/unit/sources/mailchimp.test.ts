import { createHash } from 'node:crypto';
import { accepted, byId, parseFixture, parseText, rejected } from './helpers';

const parseMailchimp = (fileName: string, text: string) => parseText('mailchimp-json', fileName, text);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const ANA = '5d1f0c0f0b1e2a3b4c5d6e7f8a9b0c1d';

describe('mailchimp-json members', () => {
  it('maps a subscribed member with merge fields, permissions, tags and a subscribed event', async () => {
    const ana = byId(await parseFixture('mailchimp-json', 'mailchimp', 'members.json'), ANA);
    expect(ana).toMatchObject({ entity: 'member', line: 1, deleted: false, sourceChangedAt: '2024-05-01T10:00:00.000Z' });
    expect(ana.person).toEqual({
      firstName: 'Ana',
      lastName: 'García',
      emails: ['ana.garcia@example.com'],
      phones: ['612 345 678'],
      addresses: [{ line1: 'Calle Mayor 5', city: 'Madrid', postcode: '28013', country: 'ES' }],
      birthDate: '03/14',
      identifiers: [],
    });
    expect(ana.data).toEqual({
      listId: 'L1',
      emailAddress: 'ana.garcia@example.com',
      status: 'subscribed',
      permissions: [{ id: 'mp1', text: 'Email', enabled: true }, { id: 'mp2', text: 'Direct mail', enabled: false }],
      optInAt: '2023-09-01T10:00:00.000Z',
      lastChanged: '2024-05-01T10:00:00.000Z',
      tags: ['vip'],
    });
    expect(ana.events).toEqual([
      { type: 'subscribed', channel: 'email', occurredAt: '2023-09-01T10:00:00.000Z', summary: 'Subscribed to list L1', attributes: { listId: 'L1' } },
    ]);
  });

  it('gives a member without id the subscriber hash and an unsubscribed event', async () => {
    const results = await parseFixture('mailchimp-json', 'mailchimp', 'members.json');
    const bob = byId(results, md5('bob@example.com'));
    expect(bob.person).toEqual({ firstName: 'Bob', emails: ['Bob@Example.com'], phones: [], addresses: [], identifiers: [] });
    expect(bob.data).toEqual({ listId: 'L1', emailAddress: 'Bob@Example.com', status: 'unsubscribed', permissions: [], lastChanged: '2024-04-10T08:00:00.000Z' });
    expect(bob.events).toEqual([
      { type: 'unsubscribed', channel: 'email', occurredAt: '2024-04-10T08:00:00.000Z', summary: 'Unsubscribed from list L1', attributes: { listId: 'L1' } },
    ]);
  });

  it('rejects a member whose status Mailchimp does not have, by position, and keeps the others', async () => {
    const member = (email: string, status: string) => ({ email_address: email, status, list_id: 'L1' });
    const results = await parseMailchimp('members.json', JSON.stringify({
      members: [member('a@mail.test', 'subscribed'), member('b@mail.test', 'banana'), member('c@mail.test', 'Subscribed'), member('d@mail.test', 'transactional')],
    }));
    expect(accepted(results).map((record) => record.data.emailAddress)).toEqual(['a@mail.test', 'd@mail.test']);
    const valid = 'subscribed, unsubscribed, cleaned, pending, transactional, archived';
    expect(rejected(results)).toEqual([
      { line: 2, reason: `status must be one of ${valid}, got 'banana'` },
      { line: 3, reason: `status must be one of ${valid}, got 'Subscribed'` },
    ]);
  });

  it('treats archived as a deletion and rejects bad members by position', async () => {
    const results = await parseFixture('mailchimp-json', 'mailchimp', 'members.json');
    expect(byId(results, 'c1')).toMatchObject({ line: 3, deleted: true, events: [] });
    expect(rejected(results)).toEqual([
      { line: 4, reason: 'email_address is empty' },
      { line: 5, reason: "marketing_permissions must be a list, got 'yes'" },
    ]);
  });
});

describe('mailchimp-json activity', () => {
  it('turns each activity item into a record owned by the member, with a journey event', async () => {
    const results = await parseFixture('mailchimp-json', 'mailchimp', 'activity.json');
    const opened = byId(results, `${ANA}:cmp1:open:2024-05-01T09:30:00+00:00`);
    expect(opened).toMatchObject({ entity: 'activity', line: 1, deleted: false, owner: { entity: 'member', externalId: ANA } });
    expect(opened.data).toEqual({ listId: 'L1', campaignId: 'cmp1', action: 'open', occurredAt: '2024-05-01T09:30:00.000Z', title: 'Spring sale' });
    expect(opened.payload).toEqual({
      action: 'open', timestamp: '2024-05-01T09:30:00+00:00', type: 'regular', campaign_id: 'cmp1', title: 'Spring sale',
      email_id: ANA, list_id: 'L1',
    });
    expect(opened.events).toEqual([
      {
        type: 'email_opened', channel: 'email', occurredAt: '2024-05-01T09:30:00.000Z',
        summary: "Opened campaign 'Spring sale'", attributes: { campaignId: 'cmp1', title: 'Spring sale' },
      },
    ]);
    expect(byId(results, `${ANA}:cmp1:click:2024-05-01T09:31:00+00:00`).data.url).toBe('https://shop.example/spring');
  });

  it.each([
    ['sent', 'email_sent', "Sent campaign 'Spring sale'"],
    ['click', 'email_clicked', "Clicked a link in campaign 'Spring sale'"],
    ['bounce', 'email_bounced', 'Campaign cmp2 bounced'],
    ['unsub', 'email_unsubscribed', "Unsubscribed from campaign 'News'"],
    ['conversion', 'email_conversion', "Campaign 'News': conversion"],
  ])('maps action %s to %s', async (action, type, summary) => {
    const records = accepted(await parseFixture('mailchimp-json', 'mailchimp', 'activity.json'));
    const record = records.find((candidate) => candidate.data.action === action);
    expect(record?.events.map((event) => [event.type, event.summary])).toEqual([[type, summary]]);
  });

  it('rejects a bad item or a member without email_id and keeps the good items', async () => {
    const results = await parseFixture('mailchimp-json', 'mailchimp', 'activity.json');
    expect(accepted(results).map((record) => record.line)).toEqual([1, 1, 1, 3, 3, 3]);
    expect(rejected(results)).toEqual([
      { line: 1, reason: "activity[3]: timestamp is not a valid timestamp: 'soon'" },
      { line: 2, reason: 'email_id is empty' },
    ]);
  });

  it('reads one member activity response as the API returns it', async () => {
    const text = JSON.stringify({ email_id: 'e1', list_id: 'L9', activity: [{ action: 'sent', timestamp: '2024-01-01T00:00:00Z', campaign_id: 'c' }] }, null, 2);
    expect(accepted(await parseMailchimp('export.json', text)).map((record) => record.externalId)).toEqual(['e1:c:sent:2024-01-01T00:00:00Z']);
  });
});

describe('mailchimp-json NDJSON and entity from content', () => {
  it('reads NDJSON lines, deciding member or activity from the fields', async () => {
    const text = [
      '{"email_address":"a@example.com","status":"pending","list_id":"L1"}',
      '{"email_id":"e1","list_id":"L1","activity":[{"action":"open","timestamp":"2024-01-02T00:00:00Z"}]}',
      '{"email_address":"b@example.com","status":"subscribed","list_id":"L1","timestamp_opt":"2024-13-01T00:00:00Z"}',
    ].join('\r\n');
    const results = await parseMailchimp('dump.ndjson', text);
    expect(accepted(results).map((record) => [record.entity, record.externalId, record.line])).toEqual([
      ['member', md5('a@example.com'), 1],
      ['activity', 'e1::open:2024-01-02T00:00:00Z', 2],
    ]);
    expect(rejected(results)).toEqual([{ line: 3, reason: "timestamp_opt is not a valid timestamp: '2024-13-01T00:00:00Z'" }]);
  });

  it('takes the entity from a document key', async () => {
    const results = await parseMailchimp('export.json', '{"members":[{"id":"x","email_address":"a@example.com","status":"cleaned","list_id":"L1"}]}');
    expect(accepted(results)).toMatchObject([{ entity: 'member', externalId: 'x', deleted: false }]);
  });

  it('throws for a document without members or member_activity', async () => {
    await expect(parseMailchimp('members.json', '{\n"campaigns": []\n}')).rejects.toThrow('expected a top-level "members", "member_activity"');
  });
});

describe('mailchimp-json a list key holding one object', () => {
  it('names the wrapper instead of complaining about a missing email', async () => {
    const text = '{"members": {"email_address": "a@example.com", "status": "subscribed", "list_id": "L1"}}\n';
    expect(rejected(await parseMailchimp('members.json', text))).toEqual([
      { line: 1, reason: 'the record is wrapped as {"members": {...}}, a list key holding one object; expected one member object per line or {"members": [...]}' },
    ]);
  });
});
