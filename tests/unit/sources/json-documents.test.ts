import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { writeDocument } from '../../../bench/json-documents';
import { getFormat, type FormatName } from '../../../src/sources/formats';
import type { ParseResult } from '../../../src/sources/record';
import { readJsonOrNdjson, type JsonItem } from '../../../src/sources/shared/json-input';
import { accepted, collect, FIXTURES, parseFixture, parseText, rejected } from './helpers';

/** The text as UTF-8 bytes in chunks of `size`, so multi-byte characters and tokens are cut anywhere. */
function bytesIn(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

function parseBytes(format: FormatName, fileName: string, text: string, size: number): Promise<ParseResult[]> {
  return collect(getFormat(format).parse(bytesIn(text, size), fileName));
}

async function items(text: string, options: { listKeys: string[]; maxRecordBytes?: number }): Promise<JsonItem[]> {
  const all: JsonItem[] = [];
  for await (const item of readJsonOrNdjson(bytesIn(text, 5), options)) all.push(item);
  return all;
}

const byteOf = (text: string, part: string) => Buffer.byteLength(text.slice(0, text.indexOf(part)));
const m = (id: string, extra: Record<string, unknown> = {}) => ({ id, email_address: `${id}@example.com`, status: 'subscribed', list_id: 'L1', ...extra });

describe('a JSON document is read record by record', () => {
  it('gives each record its position in the list as line, and where it starts in the file as at', async () => {
    const results = await parseFixture('zendesk-json', 'zendesk', 'users.json');
    expect(results.map((result) => [result.line, result.at?.line])).toEqual([[1, 3], [2, 16], [3, 17], [4, 18]]);
    const bytes = readFileSync(path.join(FIXTURES, 'zendesk', 'users.json'));
    expect(results.map((result) => result.at?.byte)).toEqual(['{\n      "id": 9001', '{ "id": 9002', '{ "name": "No Id"', '{ "id": 9004'].map((start) => bytes.indexOf(start)));
  });

  it('reports the same results whatever the chunk size, in bytes or text', async () => {
    const text = JSON.stringify({ members: [m('a'), m('b', { merge_fields: { FNAME: 'Zoë 李 😀' } }), { id: 'c' }, m('d')] }, null, 1);
    const expected = await parseText('mailchimp-json', 'members.json', text);
    expect(accepted(expected)).toHaveLength(3);
    for (const size of [1, 2, 3, 4, 7, 64, 1 << 20]) {
      expect(await parseBytes('mailchimp-json', 'members.json', text, size)).toEqual(expected);
    }
  });

  it('keeps nested objects and arrays, brackets and quotes inside strings, exactly as JSON.parse reads them', async () => {
    const tricky = m('n1', {
      merge_fields: { FNAME: 'A "quoted" ] } name', ADDRESS: { addr1: '[1] {2}', city: 'Köln', country: 'DE' } },
      tags: [{ id: 1, name: 'x\\"y' }, { id: 2, name: 'a\\\\' }],
      deep: [[[{ a: [[], {}, [{ b: ['}', ']', '\\'] }]] }]]],
      numbers: [0, -1.5e-7, 12345678901234567890, true, false, null],
      escaped: '\u0000\n\t\u2028 \ud83d\ude00',
    });
    const text = `{"members":[${JSON.stringify(tricky)},${JSON.stringify(m('n2'))}]}`;
    const records = accepted(await parseBytes('mailchimp-json', 'members.json', text, 3));
    expect(records.map((record) => record.externalId)).toEqual(['n1', 'n2']);
    expect(records[0].payload).toEqual(JSON.parse(text).members[0]);
    expect(records[0].person?.addresses).toEqual([{ line1: '[1] {2}', city: 'Köln', country: 'DE' }]);
  });

  it('reads unicode cut between any two bytes, and a byte order mark', async () => {
    const names = ['García', 'Zoë', 'Ærø', 'Олег', '李小龙', '🙂 Smile', 'O’Brien'];
    const text = `\uFEFF{"users":[${names.map((name, i) => JSON.stringify({ id: i + 1, name })).join(',\n')}]}`;
    for (const size of [1, 2, 3, 5]) {
      const records = accepted(await parseBytes('zendesk-json', 'users.json', text, size));
      expect(records.map((record) => record.person?.fullName)).toEqual(names);
      expect(records.map((record) => record.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it.each([
    ['other keys first', '{"next_page":null,"count":2,"meta":{"a":[1,{"b":"]}"}],"c":"}"},"users":[{"id":1},{"id":2}]}'],
    ['other keys after', '{"users":[{"id":1},{"id":2}],"next_page":"https://x/?page=2","count":2,"end":true}'],
    ['an unknown list first', '{"organizations":[{"id":9,"name":"Acme"}],"users":[{"id":1},{"id":2}],"count":2}'],
    ['pretty-printed, list last', '{\n  "count": 2,\n  "next_page": null,\n  "users": [\n    {"id": 1},\n    {"id": 2}\n  ]\n}\n'],
  ])('finds the list whatever the top-level key order: %s', async (_case, text) => {
    const results = await parseText('zendesk-json', 'export.json', text);
    expect(accepted(results).map((record) => [record.entity, record.externalId, record.line])).toEqual([['user', '1', 1], ['user', '2', 2]]);
    expect(rejected(results)).toEqual([]);
  });

  it('reads the first list of records and skips a later one (a sideload)', async () => {
    const text = '{"tickets":[{"id":5,"requester_id":1,"created_at":"2024-01-01T00:00:00Z"}],"users":[{"id":1,"name":"Ana"}]}';
    expect(accepted(await parseText('zendesk-json', 'export.json', text)).map((record) => record.entity)).toEqual(['ticket']);
  });
});

describe('a broken JSON document', () => {
  const members = [m('a'), m('b'), m('c')].map((value) => JSON.stringify(value));

  it('keeps the records before a cut and says where the file ends and where the cut record starts', async () => {
    const whole = `{"members":[${members.join(',')}]}`;
    const text = whole.slice(0, whole.indexOf('"c@example'));
    const results = await parseText('mailchimp-json', 'members.json', text);
    expect(accepted(results).map((record) => record.externalId)).toEqual(['a', 'b']);
    expect(rejected(results)).toEqual([
      {
        line: 3,
        reason: `invalid JSON document: the document is cut off at line 1 (byte ${Buffer.byteLength(text)}): the file ends inside record 3, which starts at line 1 (byte ${byteOf(text, '{"id":"c"')})`,
      },
    ]);
  });

  it('stops at a missing comma between records, with its line, and keeps what came before', async () => {
    const text = `{"members": [\n${members[0]},\n${members[1]}\n${members[2]}\n]}`;
    const results = await parseText('mailchimp-json', 'members.json', text);
    expect(accepted(results).map((record) => [record.externalId, record.line])).toEqual([['a', 1], ['b', 2]]);
    expect(rejected(results)).toEqual([
      { line: 3, reason: `invalid JSON document: unexpected '{', expected ',' or ']' after record 2 at line 4 (byte ${byteOf(text, '{"id":"c"')})` },
    ]);
  });

  it('rejects a record with a bad value on its own and reads on', async () => {
    const text = `{"members":[\n${members[0]},\n{"id":"x","status":tru},\n{"id":"y",},\n${members[2]}]}`;
    const results = await parseText('mailchimp-json', 'members.json', text);
    expect(accepted(results).map((record) => [record.externalId, record.line])).toEqual([['a', 1], ['c', 4]]);
    expect(rejected(results)).toEqual([
      { line: 2, reason: `invalid JSON in the record at line 3 (byte ${byteOf(text, '{"id":"x"')}): Unexpected token '}'` },
      { line: 3, reason: `invalid JSON at line 4 (byte ${byteOf(text, '},\n{"id":"c"')}): Expected double-quoted property name` },
    ]);
  });

  it('stops at a string cut by a line end (a missing quote) in a pretty-printed document', async () => {
    const text = '{\n  "users": [\n    {"id": 1, "name": "Ana"},\n    {"id": 2, "name": "Bo},\n    {"id": 3}\n  ]\n}\n';
    const results = await parseText('zendesk-json', 'users.json', text);
    expect(accepted(results).map((record) => record.externalId)).toEqual(['1']);
    expect(rejected(results)).toEqual([
      { line: 2, reason: `invalid JSON document: a line ends inside a string (a missing '"'?) at line 4 (byte ${byteOf(text, '\n    {"id": 3}')})` },
    ]);
  });

  it('reports content after the end of the document once every record is read', async () => {
    const results = await parseText('zendesk-json', 'users.json', '{"users":[{"id":1}]}\n{"users":[{"id":2}]}\n');
    expect(accepted(results).map((record) => record.externalId)).toEqual(['1']);
    expect(rejected(results)).toEqual([
      { line: 2, reason: "invalid JSON document: unexpected '{', expected nothing after the end of the document at line 2 (byte 21)" },
    ]);
  });

  it('stops at a record larger than the limit instead of buffering the rest of the file', async () => {
    const text = `[{"id":1},{"id":2,"blob":"${'x'.repeat(5000)}"},{"id":3}]`;
    const read = await items(text, { listKeys: [], maxRecordBytes: 1000 });
    expect(read).toEqual([
      { line: 1, value: { id: 1 }, key: undefined, at: { line: 1, byte: 1 } },
      { line: 2, error: 'invalid JSON document: record 2 (line 1, byte 10) is larger than 1000 bytes; the document is probably broken at line 1 (byte 10)', at: { line: 1, byte: 10 } },
    ]);
  });

  it('throws when the document breaks before its first record: nothing in the file is usable', async () => {
    await expect(parseText('mailchimp-json', 'members.json', '{"members": [ {"id": 1,')).rejects.toThrow(
      'invalid JSON document: the document is cut off at line 1 (byte 23): the file ends inside record 1, which starts at line 1 (byte 14)',
    );
  });
});

describe('a large JSON document', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-json-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  // Slim members keep the test quick; bench/import-json.ts reads full-size ones and measures memory.
  const slim = (i: number) => ({ id: `m${i}`, email_address: `m${i}@example.com`, status: 'subscribed', list_id: 'L1', merge_fields: { FNAME: 'Zoë', LNAME: '李' } });

  it('reads 200,000 members from one line of JSON (a compact API response), one at a time', async () => {
    const file = path.join(dir, 'members.json');
    const written = await writeDocument(file, 'members', 200_000, slim, 'compact', { list_id: 'L1', total_items: 200_000 });
    expect(written.bytes).toBeGreaterThan(20_000_000);
    let count = 0;
    let first: string | undefined;
    let last: ParseResult | undefined;
    for await (const result of getFormat('mailchimp-json').parse(createReadStream(file), 'members.json')) {
      if (!result.ok) throw new Error(`record ${result.line}: ${result.reason}`);
      count += 1;
      first ??= result.record.externalId;
      last = result;
    }
    expect(count).toBe(200_000);
    expect(first).toBe('m0');
    expect(last).toMatchObject({ line: 200_000, at: { line: 1 }, record: { externalId: 'm199999' } });
  });
});
