import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** A bad record inside a JSON document is rejected with its place in the list and where its text starts. */
describe('rejections in JSON documents', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('names the record’s position, its text line and byte, and keeps the good records', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-zendesk-'));
    const users = '{"users": [\n  {"id": 1, "name": "Ann Lee", "email": "ann@example.com"},\n  {"name": "no id at all"},\n  {"id": 3, "name": "Cy Dee", "email": "cy@example.com"}\n]}\n';
    await writeFile(path.join(dir, 'users.json'), users);
    const report = await db.services.importer.run({ source: 'zendesk', format: 'zendesk-json', location: dir });
    expect(report.files.reduce((n, f) => n + f.inserted, 0)).toBe(2);
    expect(report.rejections).toHaveLength(1);
    const byte = Buffer.byteLength(users.slice(0, users.indexOf('{"name": "no id')));
    expect(report.rejections[0]).toMatchObject({ file: expect.stringContaining('users.json'), line: 2, reason: expect.stringContaining(`(text line 3, byte ${byte})`) });
  });
});
