import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { contentHash } from '../../src/ingest/content-hash';
import { formatImportReport, unusableFiles } from '../../src/ingest/import-report';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Real-world exports that are a little off, imported through the ImportService into PostgreSQL. */
describe('messy exports', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  async function folder(files: Record<string, string | Buffer>): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-messy-'));
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
    return dir;
  }

  const importer = () => db.services.importer;
  const person = async (source: string, externalId: string) => {
    const [row] = await db.dataSource.query('SELECT person, customer_id FROM source_record WHERE source = $1 AND external_id = $2', [source, externalId]);
    return row as { person: Record<string, unknown>; customer_id: string | null };
  };

  describe('a Zendesk name with a title or in "Last, First" form', () => {
    const users = [
      { id: 1599994001, name: 'Dr. Jane Smithers', email: 'jane.smithers@fastmail.com', updated_at: '2025-02-01T00:00:00Z', active: true },
      { id: 1599994002, name: 'Hartley, Bill', email: 'billh@othermail.com', updated_at: '2025-02-01T00:00:00Z', active: true },
    ];
    const usersFile = users.map((u) => JSON.stringify(u)).join('\n');

    it('is split into first and last name, so an exact email merges with the CRM contact', async () => {
      const contacts = 'Id,FirstName,LastName,Email,LastModifiedDate\n003DRJ0000001,Jane,Smithers,jane.smithers@fastmail.com,2025-01-01T00:00:00Z\n';
      await importer().run({ source: 'salesforce', format: 'salesforce-csv', location: await folder({ 'Contact.csv': contacts }) });
      await importer().run({ source: 'zendesk', format: 'zendesk-json', location: await folder({ 'users.ndjson': usersFile }) });
      await db.services.resolver.resolve();

      const jane = await person('zendesk', '1599994001');
      expect(jane.person).toMatchObject({ fullName: 'Dr. Jane Smithers', firstName: 'Jane', lastName: 'Smithers' });
      expect((await person('zendesk', '1599994002')).person).toMatchObject({ firstName: 'Bill', lastName: 'Hartley' });
      expect(jane.customer_id).not.toBeNull();
      expect((await person('salesforce', '003DRJ0000001')).customer_id).toBe(jane.customer_id);
      const [customer] = await db.dataSource.query('SELECT display_name FROM customer WHERE id = $1', [jane.customer_id]);
      expect(customer.display_name).toBe('Jane Smithers');
    });

    it('is split anew by the next import of an unchanged record stored with the old split', async () => {
      // as a version before this fix stored it: first word / rest, and the hash of mapping version 1
      const [stored] = await db.dataSource.query(`SELECT payload FROM source_record WHERE source = 'zendesk' AND external_id = '1599994002'`);
      await db.dataSource.query(
        `UPDATE source_record SET person = person || '{"firstName": "Hartley,", "lastName": "Bill"}'::jsonb, content_hash = $1
         WHERE source = 'zendesk' AND external_id = '1599994002'`,
        [contentHash(stored.payload, false)],
      );
      const report = await importer().run({ source: 'zendesk', format: 'zendesk-json', location: await folder({ 'users.ndjson': usersFile }) });
      expect(report.files.map((f) => [f.updated, f.unchanged])).toEqual([[1, 1]]);
      expect((await person('zendesk', '1599994002')).person).toMatchObject({ firstName: 'Bill', lastName: 'Hartley' });
    });
  });

  it('rejects a JSON document given as NDJSON as a whole, saying so, instead of every line', async () => {
    const members = '{"members": [\n  {"id": "a1", "email_address": "a@example.com", "status": "subscribed", "list_id": "L1"},\n  {"id": "b2"}\n]}\n';
    const report = await importer().run({ source: 'shop', format: 'ndjson', location: path.join(await folder({ 'members.json': members }), 'members.json') });
    expect(report.rejections).toEqual([
      { file: 'members.json', line: 0, reason: expect.stringMatching(/^the file is one JSON document .*; use --format mailchimp-json for this Mailchimp document/) },
    ]);
    expect(unusableFiles(report).map((f) => f.file)).toEqual(['members.json']); // the CLI exits 1
  });

  it('reads a ticket wrapped as the show-ticket API returns it, and names a list key that holds one object', async () => {
    const ticket = { id: 99001, requester_id: 1599994001, created_at: '2025-06-02T09:00:00Z', status: 'solved', via: { channel: 'web' } };
    const dir = await folder({
      'tickets.json': `${JSON.stringify({ ticket })}\n`,
      'users.json': `${JSON.stringify({ users: { id: 1599992002, name: 'Object Not Array', email: 'obj@fastmail.com' } })}\n`,
    });
    const report = await importer().run({ source: 'zendesk', format: 'zendesk-json', location: dir });
    expect(report.rejections).toEqual([
      { file: 'users.json', line: 1, reason: 'the record is wrapped as {"users": {...}}, a list key holding one object; expected one user object per line, {"user": {...}} or {"users": [...]}' },
    ]);
    const [row] = await db.dataSource.query(
      `SELECT t.entity, p.external_id AS owner FROM source_record t JOIN source_record p ON p.id = t.person_record_id WHERE t.source = 'zendesk' AND t.external_id = '99001'`,
    );
    expect(row).toEqual({ entity: 'ticket', owner: '1599994001' });
  });

  it('says a semicolon-separated CSV has the wrong delimiter and a binary file is not a CSV', async () => {
    const binary = Buffer.from([0xc3, 0x8f, 0x1b, 0xec, 0xcb, 0x57, 0xf5, 0x42, 0x0a, 0x9d, 0x71]);
    const dir = await folder({ 'Contact.csv': 'Id;FirstName;LastName\n003SEMI0001;Ana;Lee\n', 'Opportunity.csv': binary });
    const report = await importer().run({ source: 'salesforce', format: 'salesforce-csv', location: dir });
    expect(report.files.map((f) => [f.file, f.unusable])).toEqual([
      ['Contact.csv', `the header is one column "Id;FirstName;LastName": the file looks ';'-separated; export it comma-separated (in Excel: CSV UTF-8 (Comma delimited))`],
      ['Opportunity.csv', 'not a text CSV file: its first line holds binary data (byte 0x1b at offset 2); export the Salesforce object as CSV'],
    ]);
  });

  it('reports ids that repeat within a file, and rejects an empty JSON file as a whole', async () => {
    const contacts = [
      'Id,FirstName,LastName,Email,LastModifiedDate',
      '003DUP0000001,Ann,Old,ann@example.com,2025-01-01T00:00:00Z',
      '003DUP0000002,Bo,Once,bo@example.com,2025-01-01T00:00:00Z',
      '003DUP0000001,Ann,New,ann@example.com,2025-03-01T00:00:00Z',
    ].join('\n');
    const sf = await importer().run({ source: 'salesforce', format: 'salesforce-csv', location: await folder({ 'Contact.csv': contacts }) });
    expect(sf.files[0]).toMatchObject({ inserted: 2, unchanged: 1, duplicates: { copies: 1, sample: ['003DUP0000001'] } });
    expect(formatImportReport(sf)).toContain('Contact.csv: 1 record repeats an id read earlier in the file (003DUP0000001): one record is kept per id');
    expect((await person('salesforce', '003DUP0000001')).person).toMatchObject({ lastName: 'New' });

    const zd = await importer().run({ source: 'zendesk', format: 'zendesk-json', location: await folder({ 'users.json': '' }) });
    expect(zd.files.map((f) => [f.file, f.unusable])).toEqual([['users.json', 'the file is empty: no JSON document and no records']]);
  });
});
