import { rmSync } from 'node:fs';
import { copyFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seedDemo } from '../../src/demo/seed-demo';
import { createLogger } from '../../src/observability/logger';
import { COMPANY_DIR } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

interface Row {
  request_id: string;
  actor: string;
  roles: string[];
  purpose: string;
  client: string | null;
  operation_name: string;
  customers: string[];
  fields: Record<string, string>;
  outcome: string;
}

jest.setTimeout(60_000);

/** Every import that touches customer data leaves access-log entries: who, which run and file, which customers, counts. */
describe('access log of imports', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  const entries = (where: string, params: unknown[] = []): Promise<Row[]> =>
    db.dataSource.query(
      `SELECT request_id, actor, roles, purpose, client, operation_name, customer_ids::text[] AS customers, fields, outcome
       FROM access_log_with_fields WHERE ${where} ORDER BY position`,
      params,
    );

  it('importAndResolve logs each file after resolution, naming the customers its records joined', async () => {
    const { report } = await db.services.importAndResolve({ source: 'salesforce', format: 'salesforce-csv', location: path.join(COMPANY_DIR, 'salesforce') });
    const log = await entries(`request_id = $1`, [`import-run-${report.runId}`]);
    expect(log.map((e) => e.operation_name)).toEqual(['import salesforce Contact.csv', 'import salesforce Account.csv', 'import salesforce Opportunity.csv']);
    expect(log[0]).toMatchObject({ actor: 'system', roles: ['system'], purpose: 'import', fields: {}, outcome: 'imported inserted=4 updated=0 unchanged=0 deleted=0 rejected=0 suppressed=0' });
    const [{ customers }] = await db.dataSource.query(
      `SELECT array_agg(DISTINCT customer_id::text ORDER BY customer_id::text) AS customers FROM source_record WHERE source = 'salesforce' AND entity = 'contact'`,
    );
    expect(log[0]!.customers).toEqual(customers);
    expect(log[0]!.customers).toHaveLength(4);
    // accounts belong to no person; an opportunity of an account only, neither
    expect(log.map((e) => e.outcome.match(/unlinked=\d+/)?.[0] ?? null)).toEqual([null, 'unlinked=2', 'unlinked=1']);
    expect(JSON.stringify(log)).not.toMatch(/gmail|Smith/);
    expect(await db.services.audit.verify()).toMatchObject({ ok: true, firstBreak: null });
  });

  it('a run without resolution names the customers known then and counts the records not linked yet', async () => {
    const report = await db.services.importer.run({ source: 'shop', format: 'ndjson', location: path.join(COMPANY_DIR, 'shop'), by: { actor: 'ops-bob', roles: ['operator'], client: 'tests' } });
    const [entry] = await entries(`request_id = $1`, [`import-run-${report.runId}`]);
    expect(entry).toMatchObject({ actor: 'ops-bob', roles: ['operator'], client: 'tests', operation_name: 'import shop people.ndjson', customers: [] });
    expect(entry!.outcome).toMatch(/^imported inserted=\d+ .* unlinked=\d+$/);
  });

  it('a failed run logs what it committed before the failure', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-import-fail-'));
    await copyFile(path.join(COMPANY_DIR, 'salesforce', 'Contact.csv'), path.join(dir, 'Contact.csv'));
    await copyFile(path.join(COMPANY_DIR, 'salesforce', 'Account.csv'), path.join(dir, 'Account.csv'));
    // Account.csv disappears once Contact.csv is in: the run cannot go on (an unusable file would only be rejected)
    const onProgress = ({ file }: { file: string }) => {
      if (file === 'Contact.csv') rmSync(path.join(dir, 'Account.csv'), { force: true });
    };
    await expect(db.services.importer.run({ source: 'crm2', format: 'salesforce-csv', location: dir, onProgress })).rejects.toThrow(/ENOENT/);
    const log = await entries(`operation_name LIKE 'import crm2 %'`);
    expect(log.map((e) => [e.operation_name, e.outcome.split(' ')[0]])).toEqual([['import crm2 Contact.csv', 'failed']]);
    expect(log[0]!.outcome).toMatch(/inserted=4/);
  });

  it('the demo seed logs as system, after resolution', async () => {
    const fresh = await createTestDatabase();
    try {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-seed-'));
      await seedDemo(fresh.services, dataDir, 20, createLogger('silent'));
      const log: Row[] = await fresh.dataSource.query(`SELECT actor, roles, client, operation_name, customer_ids::text[] AS customers, outcome FROM access_log ORDER BY position`);
      expect(new Set(log.map((e) => e.operation_name.split(' ')[1]))).toEqual(new Set(['salesforce', 'zendesk', 'mailchimp']));
      expect(log.every((e) => e.actor === 'system' && e.roles[0] === 'system' && e.client === 'tessera-seed')).toBe(true);
      const [{ n }] = await fresh.dataSource.query(`SELECT count(*)::int AS n FROM customer`);
      const logged = new Set(log.flatMap((e) => e.customers));
      expect(logged.size).toBe(n);
      expect(await fresh.services.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await fresh.drop();
    }
  }, 120_000);
});
