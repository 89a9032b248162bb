import { FileError } from '../../../src/sources/shared/result';
import { accepted, byId, parseFixture, parseText, rejected } from './helpers';

describe('ndjson person', () => {
  it('maps a person line as given', async () => {
    const ana = byId(await parseFixture('ndjson', 'ndjson', 'shop.ndjson'), 'SHOP-1001');
    expect(ana).toMatchObject({ entity: 'person', line: 1, deleted: false, sourceChangedAt: '2024-05-01T10:00:00.000Z', events: [] });
    expect(ana.person).toEqual({
      firstName: 'Ana',
      lastName: 'García',
      emails: ['ana.garcia@example.com'],
      phones: ['+34 612 345 678'],
      addresses: [{ line1: 'Calle Mayor 5', city: 'Madrid', postcode: '28013', country: 'ES' }],
      birthDate: '1988-03-14',
      identifiers: [{ type: 'loyalty_number', value: 'L-778812' }],
    });
    expect(ana.data).toEqual({ attributes: { tier: 'gold' } });
    expect(ana.owner).toBeUndefined();
  });

  it('accepts a full name, a single email string, a numeric id and a deletion flag', async () => {
    const bob = byId(await parseFixture('ndjson', 'ndjson', 'shop.ndjson'), '1002');
    expect(bob.person).toEqual({ fullName: 'Bob Stone', emails: ['bob@example.com'], phones: [], addresses: [], identifiers: [] });
    expect(bob.deleted).toBe(true);
    expect(bob.data).toEqual({});
  });
});

describe('ndjson interaction', () => {
  it('maps an interaction owned by its person, as a journey event', async () => {
    const order = byId(await parseFixture('ndjson', 'ndjson', 'shop.ndjson'), 'ORD-9001');
    expect(order).toMatchObject({ entity: 'interaction', line: 4, owner: { entity: 'person', externalId: 'SHOP-1001' } });
    expect(order.data).toEqual({
      action: 'order_placed', channel: 'store', occurredAt: '2024-05-02T18:30:00.000Z', summary: 'Order ORD-9001', value: 89.5, attributes: { items: 3 },
    });
    expect(order.events).toEqual([
      { type: 'order_placed', channel: 'store', occurredAt: '2024-05-02T18:30:00.000Z', summary: 'Order ORD-9001', attributes: { value: 89.5, items: 3 } },
    ]);
  });

  it('writes a summary when the line has none', async () => {
    const view = byId(await parseFixture('ndjson', 'ndjson', 'shop.ndjson'), 'ORD-9002');
    expect(view.events).toEqual([
      { type: 'page_viewed', channel: 'web', occurredAt: '2024-05-03T08:00:00.000Z', summary: 'page_viewed on web', attributes: {} },
    ]);
  });
});

describe('ndjson rejections', () => {
  it('rejects bad lines with line and reason and keeps the good ones', async () => {
    const results = await parseFixture('ndjson', 'ndjson', 'shop.ndjson');
    expect(accepted(results).map((record) => record.externalId)).toEqual(['SHOP-1001', '1002', 'ORD-9001', 'ORD-9002']);
    const bad = rejected(results);
    expect(bad.filter((rejection) => rejection.line !== 9)).toEqual([
      { line: 6, reason: "occurredAt is not a valid timestamp: 'tomorrow'" },
      { line: 7, reason: "emails must be a list of strings, got '[\"ok@example.com\",42]'" },
      { line: 8, reason: "type must be 'person' or 'interaction', got 'order'" },
      { line: 10, reason: 'id is empty' },
      { line: 11, reason: 'line is not a JSON object' },
      { line: 12, reason: 'personId is empty' },
    ]);
    expect(bad.find((rejection) => rejection.line === 9)?.reason).toMatch(/^invalid JSON: /);
  });

  it.each([
    ['identifiers', '{"type":"person","id":"p","identifiers":[{"type":"loyalty_number"}]}', 'identifiers[0]: value is empty'],
    ['addresses', '{"type":"person","id":"p","addresses":["Main St"]}', "addresses[0] must be an object, got 'Main St'"],
    ['name', '{"type":"person","id":"p","name":["Ana"]}', 'name must be an object, got \'["Ana"]\''],
    ['deleted', '{"type":"person","id":"p","deleted":"soon"}', "deleted is not a valid boolean: 'soon'"],
    ['value', '{"type":"interaction","id":"i","personId":"p","occurredAt":"2024-01-01T00:00:00Z","channel":"web","action":"a","value":"lots"}', "value is not a valid number: 'lots'"],
    ['attributes', '{"type":"interaction","id":"i","personId":"p","occurredAt":"2024-01-01T00:00:00Z","channel":"web","action":"a","attributes":3}', "attributes must be an object, got '3'"],
    ['type', '{"id":"p"}', 'type is empty'],
  ])('rejects a bad %s', async (_field, line, reason) => {
    expect(rejected(await parseText('ndjson', 'any.ndjson', line))).toEqual([{ line: 1, reason }]);
  });

  it('rejects a survey answer out of its range or without one, by line, and keeps the answers in range', async () => {
    const answer = (id: string, action: string, value?: unknown) =>
      JSON.stringify({ type: 'interaction', id, personId: 'p', occurredAt: '2024-06-01T09:00:00Z', channel: 'survey', action, value });
    const results = await parseText('ndjson', 'survey.ndjson', [
      answer('N0', 'nps_response', 0),
      answer('N11', 'nps_response', 11),
      answer('N10', 'nps_response', '10'),
      answer('Nneg', 'nps_response', -1),
      answer('Nnone', 'nps_response'),
      answer('C7', 'ces_response', 7),
      answer('C0', 'ces_response', 0),
      answer('O11', 'order_placed', 11),
      answer('X', 'constructor'),
    ].join('\n'));
    expect(accepted(results).map((record) => record.externalId)).toEqual(['N0', 'N10', 'C7', 'O11', 'X']);
    expect(rejected(results)).toEqual([
      { line: 2, reason: "value '11' is out of range: nps_response takes the answer, 0 to 10" },
      { line: 4, reason: "value '-1' is out of range: nps_response takes the answer, 0 to 10" },
      { line: 5, reason: 'value is empty: nps_response takes the answer, 0 to 10' },
      { line: 7, reason: "value '0' is out of range: ces_response takes the answer, 1 to 7" },
    ]);
  });
});

describe('ndjson given a JSON document or nothing', () => {
  const failure = async (fileName: string, text: string) => {
    const thrown = await parseText('ndjson', fileName, text).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(FileError);
    return (thrown as Error).message;
  };

  it.each([
    ['members.json', '{"members": [\n{"id": "a", "email_address": "a@example.com"},\n{"id": "b"}\n]}\n',
      `the file is one JSON document (its first line '{"members": [' opens an object that goes on over the next lines), not NDJSON with one object per line; use --format mailchimp-json for this Mailchimp document, or write one object per line`],
    ['users.json', '\n{\n  "users": [\n    {"id": 1}\n  ]\n}\n',
      `the file is one JSON document (its first line '{' opens an object that goes on over the next lines), not NDJSON with one object per line; use --format zendesk-json or mailchimp-json for those systems' documents, or write one object per line`],
    ['people.json', '[{"type": "person", "id": "p1"}]\n',
      `the file is one JSON document (it starts with a list '[{"type": "person", "id": "p1"}]'), not NDJSON with one object per line; use --format zendesk-json or mailchimp-json for those systems' documents, or write one object per line`],
  ])('rejects %s as a whole, saying it is a JSON document', async (fileName, text, message) => {
    expect(await failure(fileName, text)).toBe(message);
  });

  it.each([['an empty file', ''], ['blank lines only', '\n \n']])('rejects %s as a whole', async (_case, text) => {
    expect(await failure('shop.ndjson', text)).toBe('the file is empty: no JSON document and no records');
  });

  it('still reads NDJSON whose only line is cut off, and one whose later lines are broken, line by line', async () => {
    expect(rejected(await parseText('ndjson', 'shop.ndjson', '{"type":"person","id":"p1"'))).toEqual([
      { line: 1, reason: expect.stringMatching(/^invalid JSON: /) },
    ]);
    const results = await parseText('ndjson', 'shop.ndjson', '\n{"type":"person","id":"p1"}\n{"type":"person",\n');
    expect(accepted(results).map((r) => [r.externalId, r.line])).toEqual([['p1', 2]]);
    expect(rejected(results)).toEqual([{ line: 3, reason: expect.stringMatching(/^invalid JSON: /) }]);
  });
});
