import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { contentHash } from '../../src/ingest/content-hash';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** A Zendesk user whose name is its email's local part ("jsmith"), imported and resolved in PostgreSQL. */
describe('a Zendesk user named after its email address', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  async function folder(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-zd-username-'));
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
    return dir;
  }
  const row = async (source: string, externalId: string) => {
    const [r] = await db.dataSource.query('SELECT person, payload, customer_id FROM source_record WHERE source = $1 AND external_id = $2', [source, externalId]);
    return r as { person: Record<string, unknown>; payload: Record<string, unknown>; customer_id: string | null };
  };
  const users = [
    { id: 1599995001, name: 'jsmith', email: 'jsmith@granitecoffee.de', phone: '+4916005740751', updated_at: '2025-02-01T00:00:00Z' },
    { id: 1599995002, name: 'peggy.miller', email: 'peggy.miller@granitecoffee.co.uk', phone: '+447400123456', updated_at: '2025-02-01T00:00:00Z' },
  ];
  const usersFile = users.map((u) => JSON.stringify(u)).join('\n');

  it('is no name: it neither vetoes the exact email and phone it shares with the CRM contact nor becomes the customer name', async () => {
    const contacts = [
      'Id,FirstName,LastName,Email,Phone,LastModifiedDate',
      '003USR0000001,John,Smith,jsmith@granitecoffee.de,+4916005740751,2025-01-01T00:00:00Z',
      '003USR0000002,Margaret,Miller,peggy.miller@granitecoffee.co.uk,+447400123456,2025-01-01T00:00:00Z',
    ].join('\n');
    await db.services.importer.run({ source: 'salesforce', format: 'salesforce-csv', location: await folder({ 'Contact.csv': contacts }) });
    await db.services.importer.run({ source: 'zendesk', format: 'zendesk-json', location: await folder({ 'users.ndjson': usersFile }) });
    await db.services.resolver.resolve();

    for (const [zendesk, salesforce, name] of [['1599995001', '003USR0000001', 'John Smith'], ['1599995002', '003USR0000002', 'Margaret Miller']] as const) {
      const user = await row('zendesk', zendesk);
      expect(user.person.firstName).toBeUndefined();
      expect(user.person.fullName).toBeUndefined();
      expect(user.payload.name).toBe(users.find((u) => String(u.id) === zendesk)!.name);
      expect(user.customer_id).not.toBeNull();
      expect((await row('salesforce', salesforce)).customer_id).toBe(user.customer_id);
      const [customer] = await db.dataSource.query('SELECT display_name FROM customer WHERE id = $1', [user.customer_id]);
      expect(customer.display_name).toBe(name);
    }
  });

  it('is rewritten by the next import of an unchanged user stored with the earlier mapping', async () => {
    // as mapping version 2 stored it: the username as first name
    const [stored] = await db.dataSource.query(`SELECT payload FROM source_record WHERE source = 'zendesk' AND external_id = '1599995001'`);
    await db.dataSource.query(
      `UPDATE source_record SET person = person || '{"fullName": "jsmith", "firstName": "jsmith"}'::jsonb, content_hash = $1
       WHERE source = 'zendesk' AND external_id = '1599995001'`,
      [contentHash(stored.payload, false, 2)],
    );
    const report = await db.services.importer.run({ source: 'zendesk', format: 'zendesk-json', location: await folder({ 'users.ndjson': usersFile }) });
    expect(report.files.map((f) => [f.updated, f.unchanged])).toEqual([[1, 1]]);
    expect((await row('zendesk', '1599995001')).person.firstName).toBeUndefined();
  });
});
