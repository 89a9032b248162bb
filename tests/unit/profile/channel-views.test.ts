import { accountKeysOf, consentsOf, handoffsOf, opportunitiesOf, subscriptionsOf, ticketsOf } from '../../../src/profile/channel-views';
import type { RecordRow } from '../../../src/profile/records';
import type { ContactData, MemberData, OpportunityData, TicketData, TicketMetricsData } from '../../../src/sources/record';

const SEEN = new Date('2025-01-01T00:00:00Z');

function row(source: string, entity: string, externalId: string, data: object, extra: Partial<RecordRow> = {}): RecordRow {
  return {
    id: `${source}-${entity}-${externalId}`,
    source,
    entity,
    externalId,
    data: data as Record<string, unknown>,
    person: null,
    quality: [],
    contentHash: 'h',
    ownerEntity: null,
    ownerExternalId: null,
    personRecordId: null,
    sourceChangedAt: null,
    firstSeenAt: SEEN,
    lastChangedAt: SEEN,
    ...extra,
  };
}

function ticket(id: string, createdAt: string, source = 'zendesk'): RecordRow {
  const data: TicketData = { status: 'open', createdAt, subject: `Ticket ${id}` };
  return row(source, 'ticket', id, data, { ownerEntity: 'user', ownerExternalId: 'u1' });
}

function metrics(ticketId: string, assigneeStations: number, groupStations: number, source = 'zendesk'): RecordRow {
  const data: TicketMetricsData = { ticketId, reopens: 0, replies: 1, assigneeStations, groupStations };
  return row(source, 'ticket_metrics', `m-${ticketId}`, data, { ownerEntity: 'ticket', ownerExternalId: ticketId });
}

function contact(id: string, d: Partial<ContactData>, changed?: string): RecordRow {
  const data: ContactData = { hasOptedOutOfEmail: false, ...d };
  return row('salesforce', 'contact', id, data, changed ? { sourceChangedAt: new Date(changed) } : {});
}

function member(id: string, status: string, permissions: MemberData['permissions'] = []): RecordRow {
  const data: MemberData = { listId: 'L1', emailAddress: 'jane@doe.com', status, permissions };
  return row('mailchimp', 'member', id, data, { sourceChangedAt: new Date('2024-03-01T00:00:00Z') });
}

function opportunity(id: string, closeDate?: string): RecordRow {
  const data: OpportunityData = { name: `Deal ${id}`, stage: 'Prospecting', isWon: false, isClosed: false, ...(closeDate ? { closeDate } : {}) };
  return row('salesforce', 'opportunity', id, data);
}

describe('handoffsOf', () => {
  it.each([
    { assigneeStations: 1, groupStations: 1, expected: 0 },
    { assigneeStations: 3, groupStations: 1, expected: 2 },
    { assigneeStations: 1, groupStations: 4, expected: 3 },
    { assigneeStations: 3, groupStations: 2, expected: 3 },
    { assigneeStations: 0, groupStations: 0, expected: 0 },
    { assigneeStations: 0, groupStations: 3, expected: 2 },
    { assigneeStations: 5, groupStations: 0, expected: 4 },
  ])('assignee $assigneeStations, group $groupStations → $expected', ({ assigneeStations, groupStations, expected }) => {
    expect(handoffsOf({ assigneeStations, groupStations })).toBe(expected);
  });
});

describe('ticketsOf', () => {
  it('joins metrics by ticket id, computes handoffs and sorts newest first', () => {
    const t1 = ticket('1', '2024-01-01T10:00:00Z');
    const t2 = ticket('2', '2024-03-01T10:00:00Z');
    const t3 = ticket('3', '2024-02-01T10:00:00Z');
    const m1 = metrics('1', 3, 2);
    const m3 = metrics('3', 0, 1);
    const views = ticketsOf([m1, t1, t2, contact('c', {}), t3, m3]);
    expect(views).toEqual([
      { record: t2, data: t2.data, metrics: null, handoffs: null },
      { record: t3, data: t3.data, metrics: m3.data, handoffs: 0 },
      { record: t1, data: t1.data, metrics: m1.data, handoffs: 3 },
    ]);
  });

  it('does not join metrics of another source that reuses the ticket id', () => {
    const t = ticket('1', '2024-01-01T00:00:00Z', 'zendesk');
    const other = metrics('1', 4, 4, 'zendesk_eu');
    expect(ticketsOf([t, other])).toEqual([{ record: t, data: t.data, metrics: null, handoffs: null }]);
  });

  it('ignores metrics without an owner', () => {
    const t = ticket('1', '2024-01-01T00:00:00Z');
    const orphan = { ...metrics('1', 4, 4), ownerExternalId: null };
    expect(ticketsOf([t, orphan])).toEqual([{ record: t, data: t.data, metrics: null, handoffs: null }]);
  });

  it('is empty without tickets', () => {
    expect(ticketsOf([metrics('1', 2, 2), contact('c', {})])).toEqual([]);
  });
});

describe('opportunitiesOf', () => {
  it('lists opportunities by close date, newest first, undated last', () => {
    const a = opportunity('a', '2024-05-01');
    const b = opportunity('b');
    const c = opportunity('c', '2025-01-15');
    const d = opportunity('d', '2023-12-31');
    expect(opportunitiesOf([a, contact('x', {}), b, c, d]).map((o) => o.record.externalId)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('returns each record with its data', () => {
    const a = opportunity('a', '2024-05-01');
    expect(opportunitiesOf([a])).toEqual([{ record: a, data: { name: 'Deal a', stage: 'Prospecting', isWon: false, isClosed: false, closeDate: '2024-05-01' } }]);
  });
});

describe('accountKeysOf', () => {
  it('lists the distinct account references of contacts, in first-seen order', () => {
    const records = [
      contact('c1', { accountId: 'A1' }),
      contact('c2', { accountId: 'A2' }),
      contact('c3', { accountId: 'A1' }),
      contact('c4', {}),
      row('other_crm', 'contact', 'c5', { hasOptedOutOfEmail: false, accountId: 'A1' }),
      row('salesforce', 'opportunity', 'o1', { accountId: 'A9' }),
    ];
    expect(accountKeysOf(records)).toEqual([
      { source: 'salesforce', externalId: 'A1' },
      { source: 'salesforce', externalId: 'A2' },
      { source: 'other_crm', externalId: 'A1' },
    ]);
  });

  it('is empty without contacts', () => {
    expect(accountKeysOf([opportunity('o')])).toEqual([]);
  });
});

describe('subscriptionsOf', () => {
  it('lists member records with their data', () => {
    const m = member('m1', 'subscribed');
    expect(subscriptionsOf([contact('c', {}), m])).toEqual([{ record: m, data: m.data }]);
  });
});

describe('consentsOf', () => {
  const MEMBER_AT = new Date('2024-03-01T00:00:00Z');

  it.each([
    { optedOut: false, granted: true },
    { optedOut: true, granted: false },
  ])('Salesforce HasOptedOutOfEmail=$optedOut → email granted $granted', ({ optedOut, granted }) => {
    const c = contact('003A', { hasOptedOutOfEmail: optedOut }, '2024-02-02T00:00:00Z');
    expect(consentsOf([c])).toEqual([
      {
        source: 'salesforce',
        entity: 'contact',
        externalId: '003A',
        channel: 'email',
        granted,
        basis: `HasOptedOutOfEmail=${optedOut}`,
        recordedAt: new Date('2024-02-02T00:00:00Z'),
      },
    ]);
  });

  it('uses lastChangedAt when the source has no change time', () => {
    expect(consentsOf([contact('003A', {})])[0]!.recordedAt).toEqual(SEEN);
  });

  it.each([
    { status: 'subscribed', granted: true },
    { status: 'unsubscribed', granted: false },
    { status: 'cleaned', granted: false },
    { status: 'pending', granted: false },
    { status: 'transactional', granted: false },
    { status: 'archived', granted: false },
  ])('Mailchimp status=$status → email granted $granted', ({ status, granted }) => {
    expect(consentsOf([member('abc', status)])).toEqual([
      { source: 'mailchimp', entity: 'member', externalId: 'abc', channel: 'email', granted, basis: `status=${status}`, recordedAt: MEMBER_AT },
    ]);
  });

  const permissions = [
    { id: 'p1', text: 'Email', enabled: true },
    { id: 'p2', text: 'Direct Mail', enabled: false },
  ];

  it.each([
    { status: 'subscribed', grants: [true, true, false], overridden: '' },
    { status: 'unsubscribed', grants: [false, false, false], overridden: ', overridden by status=unsubscribed' },
  ])('Mailchimp permissions count only while subscribed, and say so ($status)', ({ status, grants, overridden }) => {
    const base = { source: 'mailchimp', entity: 'member', externalId: 'abc', recordedAt: MEMBER_AT };
    expect(consentsOf([member('abc', status, permissions)])).toEqual([
      { ...base, channel: 'email', granted: grants[0], basis: `status=${status}` },
      { ...base, channel: 'Email', granted: grants[1], basis: `marketing_permission p1 enabled=true${overridden}` },
      { ...base, channel: 'Direct Mail', granted: grants[2], basis: `marketing_permission p2 enabled=false${overridden}` },
    ]);
  });

  it('tolerates a member without a permissions array', () => {
    const m = row('mailchimp', 'member', 'abc', { listId: 'L1', emailAddress: 'x@y.com', status: 'subscribed' });
    expect(consentsOf([m]).map((c) => c.channel)).toEqual(['email']);
  });

  it('keeps record order across sources and ignores other entities', () => {
    const records = [member('m1', 'subscribed'), ticket('t', '2024-01-01T00:00:00Z'), contact('c1', { hasOptedOutOfEmail: true })];
    expect(consentsOf(records).map((c) => `${c.source}:${c.externalId}:${c.granted}`)).toEqual(['mailchimp:m1:true', 'salesforce:c1:false']);
  });
});
