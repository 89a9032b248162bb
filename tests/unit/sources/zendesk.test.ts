import { accepted, byId, parseFixture, parseText, rejected } from './helpers';

const parseZendesk = (fileName: string, text: string) => parseText('zendesk-json', fileName, text);

describe('zendesk-json users (JSON document)', () => {
  it('maps a user: numeric ids become strings, name is kept whole and split as identity splits it (middle names stay in the full name)', async () => {
    const ana = byId(await parseFixture('zendesk-json', 'zendesk', 'users.json'), '9001');
    expect(ana).toMatchObject({ entity: 'user', line: 1, deleted: false, sourceChangedAt: '2024-05-03T11:20:00.000Z', events: [] });
    expect(ana.person).toEqual({
      fullName: 'Ana María García',
      firstName: 'Ana',
      lastName: 'García',
      emails: ['Ana.Garcia@Example.com'],
      phones: ['+34 612 345 678'],
      addresses: [],
      identifiers: [{ type: 'customer_number', value: 'C-1001' }],
    });
    expect(ana.data).toEqual({ role: 'end-user', organizationId: '360001' });
    expect(ana.payload).toMatchObject({ id: 9001, email: 'Ana.Garcia@Example.com ', user_fields: { vip: true } });
  });

  it('takes a one-word name as the first name, flags inactive users deleted, rejects by array position', async () => {
    const results = await parseFixture('zendesk-json', 'zendesk', 'users.json');
    const cher = byId(results, '9002');
    expect(cher.person).toEqual({ fullName: 'Cher', firstName: 'Cher', emails: ['cher@example.com'], phones: [], addresses: [], identifiers: [] });
    expect(cher.deleted).toBe(true);
    expect(rejected(results)).toEqual([
      { line: 3, reason: 'id is empty' },
      { line: 4, reason: "updated_at is not a valid timestamp: 'last tuesday'" },
    ]);
  });
});

describe('zendesk-json users named after their email', () => {
  const user = (name: unknown, email?: string) => JSON.stringify({ id: 1, name, email, updated_at: '2025-01-01T00:00:00Z' });

  // Zendesk fills the name with the local part when none was given: that username is no name.
  it.each([
    ['jsmith', 'jsmith@granitecoffee.de'],
    ['peggy.miller', 'peggy.miller@example.com'],
    ['jose_smith', 'jose_smith@example.com'],
    ['JSmith80', 'j.smith80@example.com'],
    ['cher', 'Cher@example.com'],
    ['Cher', 'Cher@example.com'],
    ['jsmith', 'jsmith+support@example.com'],
    ['12345', 'ann@example.com'],
    ['---', undefined],
  ])('leaves the names empty for %j with email %j, and keeps the name in the payload', async (name, email) => {
    const [result] = await parseZendesk('users.ndjson', user(name, email));
    const record = accepted([result!])[0]!;
    expect(record.person?.fullName).toBeUndefined();
    expect(record.person?.firstName).toBeUndefined();
    expect(record.person?.lastName).toBeUndefined();
    expect(record.payload).toMatchObject({ name });
  });

  it.each([
    ['John Smith', 'johnsmith@example.com', 'John', 'Smith'], // a name with a space is a name
    ['Cher', 'cher.fan@example.com', 'Cher', undefined],
    ['Cher', 'cher@example.com', 'Cher', undefined], // capitalised by whoever typed it: not copied from cher@
    ['jsmith', 'john@example.com', 'jsmith', undefined], // not this email's local part: kept as given
    ['Łukasz', undefined, 'Łukasz', undefined],
  ])('keeps %j (email %j) as a name', async (name, email, first, last) => {
    const [result] = await parseZendesk('users.ndjson', user(name, email));
    const record = accepted([result!])[0]!;
    expect(record.person).toMatchObject({ fullName: name, firstName: first });
    expect(record.person?.lastName).toBe(last);
  });
});

describe('zendesk-json tickets (NDJSON)', () => {
  it('maps a solved, rated ticket with its requester as owner and three journey events', async () => {
    const ticket = byId(await parseFixture('zendesk-json', 'zendesk', 'tickets.ndjson'), '501');
    expect(ticket.owner).toEqual({ entity: 'user', externalId: '9001' });
    expect(ticket.sourceChangedAt).toBe('2024-05-03T12:00:00.000Z');
    expect(ticket.data).toEqual({
      subject: 'Broken hinge', status: 'solved', priority: 'high', channel: 'email',
      createdAt: '2024-05-01T09:00:00.000Z', updatedAt: '2024-05-03T12:00:00.000Z', solvedAt: '2024-05-02T16:45:00.000Z',
      satisfaction: 'good', satisfactionComment: 'Quick fix', tags: ['hinge', 'warranty'],
    });
    const attributes = { ticketId: '501', channel: 'email', status: 'solved' };
    expect(ticket.events).toEqual([
      { type: 'ticket_opened', channel: 'support', occurredAt: '2024-05-01T09:00:00.000Z', summary: 'Ticket 501 opened', attributes },
      { type: 'ticket_solved', channel: 'support', occurredAt: '2024-05-02T16:45:00.000Z', summary: 'Ticket 501 solved', attributes },
      { type: 'ticket_rated', channel: 'support', occurredAt: '2024-05-03T12:00:00.000Z', summary: 'Ticket 501 rated good', attributes },
    ]);
  });

  it('only opens an unsolved ticket whose rating is merely offered; status deleted is a deletion', async () => {
    const results = await parseFixture('zendesk-json', 'zendesk', 'tickets.ndjson');
    expect(byId(results, '502').events.map((event) => event.type)).toEqual(['ticket_opened']);
    expect(byId(results, '502').data.satisfaction).toBe('offered');
    expect(byId(results, '502').deleted).toBe(false);
    expect(byId(results, '503')).toMatchObject({ line: 4, deleted: true });
  });

  it('rejects bad lines with their line number (blank lines count) and keeps the rest', async () => {
    const results = await parseFixture('zendesk-json', 'zendesk', 'tickets.ndjson');
    expect(accepted(results).map((record) => [record.externalId, record.line])).toEqual([['501', 1], ['502', 2], ['503', 4]]);
    const bad = rejected(results);
    expect(bad.map((rejection) => rejection.line)).toEqual([5, 6, 7]);
    expect(bad[0].reason).toBe('requester_id is empty');
    expect(bad[1].reason).toMatch(/^invalid JSON: /);
    expect(bad[2].reason).toBe("tags must be a list of strings, got 'vip'");
  });

  it('requires a valid created_at', async () => {
    const results = await parseZendesk('tickets.json', '{"tickets":[{"id":1,"requester_id":2},{"id":3,"requester_id":4,"created_at":"xyz"}]}');
    expect(rejected(results)).toEqual([
      { line: 1, reason: 'created_at is empty' },
      { line: 2, reason: "created_at is not a valid timestamp: 'xyz'" },
    ]);
  });
});

describe('zendesk-json ticket_metrics (JSON document)', () => {
  it('maps metrics owned by their ticket, with calendar minutes', async () => {
    const results = await parseFixture('zendesk-json', 'zendesk', 'ticket_metrics.json');
    expect(byId(results, '7001')).toMatchObject({
      entity: 'ticket_metrics',
      owner: { entity: 'ticket', externalId: '501' },
      sourceChangedAt: '2024-05-03T12:00:00.000Z',
      events: [],
    });
    expect(byId(results, '7001').data).toEqual({
      ticketId: '501', reopens: 1, replies: 3, assigneeStations: 2, groupStations: 1,
      fullResolutionMinutes: 2385, firstResolutionMinutes: 1900, solvedAt: '2024-05-02T16:45:00.000Z',
    });
    expect(byId(results, '7002').data).toEqual({ ticketId: '502', reopens: 0, replies: 0, assigneeStations: 0, groupStations: 0 });
    expect(rejected(results)).toEqual([
      { line: 3, reason: 'ticket_id is empty' },
      { line: 4, reason: "replies is not a valid number: 'many'" },
    ]);
  });
});

describe('zendesk-json document detection and entity from content', () => {
  it.each([
    ['a one-line document', '{"users":[{"id":1,"name":"A B"}],"next_page":null}', 'user'],
    ['a top-level array named by the file', '[{"id":1,"requester_id":2,"created_at":"2024-01-01T00:00:00Z"}]', 'ticket'],
    ['a pretty-printed document', '{\n  "ticket_metrics": [\n    {"id": 1, "ticket_id": 2}\n  ]\n}\n', 'ticket_metrics'],
  ])('reads %s', async (_case, text, entity) => {
    const fileName = text.startsWith('[') ? 'tickets.json' : 'export.json';
    expect(accepted(await parseZendesk(fileName, text)).map((record) => record.entity)).toEqual([entity]);
  });

  it('tells NDJSON lines apart by their fields when the file name says nothing', async () => {
    const text = [
      '{"id":1,"ticket_id":2,"reopens":0}',
      '{"id":2,"requester_id":1,"created_at":"2024-01-01T00:00:00Z"}',
      '{"id":1,"name":"Ana"}',
    ].join('\n');
    expect(accepted(await parseZendesk('dump.ndjson', text)).map((record) => record.entity)).toEqual(['ticket_metrics', 'ticket', 'user']);
  });

  it('lets the file name win over the content', async () => {
    expect(accepted(await parseZendesk('users.ndjson', '{"id":7,"requester_id":1}'))[0].entity).toBe('user');
  });

  it('rejects a line that is not an object', async () => {
    expect(rejected(await parseZendesk('users.json', '[{"id":1}, 42]'))).toEqual([{ line: 2, reason: 'record is not a JSON object' }]);
  });

  it.each([
    ['not JSON at all', 'hello\nworld\n', /not JSON or NDJSON/],
    ['a document without a known list', '{\n"organizations": []\n}', /no list of records; expected a top-level "users", "tickets", "ticket_metrics"/],
    ['a document broken before its first record', '[{"id": 1,\n', /invalid JSON document: the document is cut off at line 2 \(byte 11\): the file ends inside record 1/],
  ])('throws for %s', async (_case, text, message) => {
    await expect(parseZendesk('users.json', text)).rejects.toThrow(message);
  });

  it('keeps the records before a break in the document and rejects at the break', async () => {
    const results = await parseZendesk('users.json', '[{"id": 1},\n');
    expect(accepted(results).map((record) => record.externalId)).toEqual(['1']);
    expect(rejected(results)).toEqual([
      { line: 2, reason: 'invalid JSON document: the document is cut off at line 2 (byte 12): the file ends after record 1' },
    ]);
  });

  it.each([['an empty file', ''], ['blank lines only', '\n\n'], ['a byte-order mark only', '\uFEFF']])('rejects %s as a whole: an export that wrote nothing should not pass', async (_case, text) => {
    await expect(parseZendesk('users.json', text)).rejects.toThrow('the file is empty: no JSON document and no records');
  });
});

describe('zendesk-json records wrapped as the show endpoints return them', () => {
  const ticket = '{"id":99001,"requester_id":1599991001,"created_at":"2025-06-02T09:00:00Z","status":"solved"}';
  const user = '{"id": 1599992001, "name": "Single Object", "email": "single.object@fastmail.com"}';

  it.each([
    ['tickets.json', `{"ticket": ${ticket}}\n`, 'ticket', '99001'],
    ['tickets.json', `{"ticket": ${ticket}}\n{"ticket": ${ticket.replace('99001', '99002')}}\n`, 'ticket', '99001'],
    ['export.ndjson', `{"user": ${user}}\n`, 'user', '1599992001'],
    ['b_users.json', `{\n  "user": ${user.replace(/, /g, ',\n    ')}\n}\n`, 'user', '1599992001'],
    ['metrics.json', '{"ticket_metric": {"id": 7, "ticket_id": 99001, "reopens": 0}}', 'ticket_metrics', '7'],
  ])('%s: %j is read as its record', async (fileName, text, entity, externalId) => {
    const results = await parseZendesk(fileName, text);
    expect(rejected(results)).toEqual([]);
    expect(accepted(results)[0]).toMatchObject({ entity, externalId, line: 1 });
  });

  it('lets the wrapper, not the file name, say what the record is', async () => {
    expect(accepted(await parseZendesk('users.json', `{"ticket": ${ticket}}`))[0]).toMatchObject({ entity: 'ticket', externalId: '99001' });
  });

  it.each([
    ['on one line', `{"users": ${user}}\n`],
    ['over several lines', `{\n"users": ${user}\n}\n`],
  ])('names a list key holding one object (%s) instead of "id is empty"', async (_case, text) => {
    expect(rejected(await parseZendesk('b_users.json', text))).toEqual([
      { line: 1, reason: 'the record is wrapped as {"users": {...}}, a list key holding one object; expected one user object per line, {"user": {...}} or {"users": [...]}' },
    ]);
  });
});
