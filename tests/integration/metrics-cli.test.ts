import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { buildCli, runCli } from '../setup/cli';
import { COMPANY_DIR } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** The CLI keeps traits current after import and rebuilds them all with `metrics --full`. */
describe('tessera metrics', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    buildCli();
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'tessera-metrics-cli-')), NODE_ENV: 'development' };
  }, 120_000);
  afterAll(async () => db.drop());

  it('import computes the traits of the customers it touched; --full recomputes everyone', async () => {
    const imported = await runCli(['import', '--source', 'salesforce', '--format', 'salesforce-csv', path.join(COMPANY_DIR, 'salesforce')], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/computed traits of 4 customers \(incremental\)/);
    const [{ n, ltv }] = await db.dataSource.query(
      `SELECT count(*)::int AS n, max(lifetime_value)::float AS ltv FROM customer_metrics`,
    );
    expect({ n, ltv }).toEqual({ n: 4, ltv: 1200 });

    const again = await runCli(['metrics'], env);
    expect(again.stdout).toMatch(/computed traits of 0 customers \(incremental\)/);
    const full = await runCli(['metrics', '--full'], env);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/computed traits of 4 customers \(full\)/);
  }, 60_000);
});
