import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BLOCKED } from '../../src/identity/matching/person-contact';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

// Test accounts in three systems, named "Test User" / "Unknown Unknown" with placeholder contact details, used
// to join one customer on the name alone (p 0.997). A placeholder name is no name: each stays its own customer,
// while two records of one real person still join.
// Test accounts are made alike: the same placeholder birth date too, which with the name joined them.
const person = (id: string, name: Record<string, string>, emails: string[] = [], birthDate = '1990-01-01') =>
  JSON.stringify({ type: 'person', id, updatedAt: '2024-05-01T00:00:00Z', name, emails, phones: [], addresses: [], identifiers: [], birthDate });

describe('placeholder names', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-placeholder-'));
    const sources: Record<string, string[]> = {
      crm: [person('c-1', { first: 'Test', last: 'User' }, ['TEST@TEST.COM']), person('c-2', { first: 'Unknown', last: 'Unknown' }), person('c-3', { first: 'Maren', last: 'Quist' }, ['maren.quist@fjord.no'], '1984-03-09')],
      helpdesk: [person('h-1', { full: 'Test User' }), person('h-2', { first: 'Unknown', last: 'Unknown' })],
      shop: [person('s-1', { full: 'Test User' }, ['noreply@shop.example']), person('s-2', { full: 'Maren Quist' }, ['maren.quist@fjord.no'], '1984-03-09')],
    };
    for (const [source, lines] of Object.entries(sources)) {
      const file = path.join(dir, `${source}.ndjson`);
      await writeFile(file, lines.join('\n'));
      await db.services.importer.run({ source, format: 'ndjson', location: file });
    }
    await db.services.resolver.resolve();
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const customerOf = async (source: string, externalId: string): Promise<string> =>
    (await db.dataSource.query('SELECT customer_id::text AS c FROM source_record WHERE source = $1 AND external_id = $2', [source, externalId]))[0].c;

  it('keeps every placeholder-named record its own customer, and still joins a real person', async () => {
    const placeholders = await Promise.all([['crm', 'c-1'], ['crm', 'c-2'], ['helpdesk', 'h-1'], ['helpdesk', 'h-2'], ['shop', 's-1']].map(([s, id]) => customerOf(s!, id!)));
    expect(new Set(placeholders).size).toBe(5);
    expect(await customerOf('shop', 's-2')).toBe(await customerOf('crm', 'c-3'));
  });

  it('scores two "Test User" accounts as strangers: nothing left to compare', async () => {
    const idOf = async (source: string, externalId: string): Promise<string> =>
      (await db.dataSource.query('SELECT id::text FROM source_record WHERE source = $1 AND external_id = $2', [source, externalId]))[0].id;
    const explained = await db.services.identity.explain(await idOf('crm', 'c-1'), await idOf('helpdesk', 'h-1'));
    expect(explained.decision).not.toBe('match');
    expect(explained.probability).toBeLessThan(0.5);
    expect(explained.evidence.filter((e) => e.attribute.endsWith('name')).every((e) => e.level === 'missing')).toBe(true);
  });

  it('notes each placeholder name on its record, as placeholder emails are', async () => {
    const [{ quality }] = await db.dataSource.query(`SELECT quality FROM source_record WHERE source = 'crm' AND external_id = 'c-1'`);
    expect(quality).toEqual(
      expect.arrayContaining([
        { field: 'email', value: 'TEST@TEST.COM', problem: BLOCKED },
        { field: 'firstName', value: 'Test', problem: BLOCKED },
        { field: 'lastName', value: 'User', problem: BLOCKED },
      ]),
    );
    const [{ quality: real }] = await db.dataSource.query(`SELECT quality FROM source_record WHERE source = 'crm' AND external_id = 'c-3'`);
    expect(real).toEqual([]);
  });
});
