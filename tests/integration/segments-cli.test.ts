import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fieldShapesOf } from '../../src/api/graphql/privacy/field-shapes';
import { buildTesseraSchema } from '../../src/api/graphql/schema';
import { loadPolicy } from '../../src/privacy/default-policy';
import { createSegments } from '../../src/segments/create-segments';
import { buildCli, runCli } from '../setup/cli';
import { COMPANY_DIR } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Imports through the CLI refresh every active segment; `tessera segments refresh` does it on demand. */
describe('segments from the command line', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    buildCli();
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'tessera-segments-cli-')), NODE_ENV: 'development' };
  }, 120_000);
  afterAll(async () => db.drop());

  it('refreshes memberships after an import, and on demand', async () => {
    expect((await runCli(['import', '--source', 'salesforce', '--format', 'salesforce-csv', path.join(COMPANY_DIR, 'salesforce')], env)).code).toBe(0);
    const policy = loadPolicy(fieldShapesOf(await buildTesseraSchema()));
    const segments = createSegments(db.dataSource, { policy });
    const admin = { subject: 'ops', roles: ['admin'], purpose: 'administration', purposes: ['administration'] };
    const segment = await segments.service.create(admin, { name: 'Support users', definition: { source: { system: 'support' } } });
    expect(segment.explanation).toMatchObject({ members: 0 });

    const res = await runCli(['import', '--source', 'zendesk', '--format', 'zendesk-json', path.join(COMPANY_DIR, 'zendesk')], env);
    expect(res.code).toBe(0);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM segment_member WHERE segment_id = $1`, [segment.id]);
    expect(n).toBeGreaterThan(0);
    expect(res.stdout).toContain(`segment ${segment.id}: ${n} members (entered ${n}, left 0; without consent 0, fatigued 0)`);
    expect(res.stdout).toMatch(/refreshed 1 segments in \d+ ms/);

    const again = await runCli(['segments', 'refresh'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`segment ${segment.id}: ${n} members (entered 0, left 0; without consent 0, fatigued 0)`);
  });
});
