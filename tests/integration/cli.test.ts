import { existsSync, readdirSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { testSigningKey } from '../setup/audit-fixtures';
import { buildCli, runCli, startCli } from '../setup/cli';
import { COMPANY_DIR } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('the tessera CLI', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let dataDir: string;
  beforeAll(async () => {
    buildCli();
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-'));
    env = { DATABASE_URL: db.url, DATA_DIR: dataDir, NODE_ENV: 'development' };
  }, 120_000);
  afterAll(async () => db.drop());

  it.each(['migrate', 'import', 'resolve', 'demo', 'token', 'serve'])('has --help for %s', async (command) => {
    const res = await runCli([command, '--help'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`Usage: tessera ${command}`));
  });

  it('token prints only a signed token that the server accepts, with the requested claims', async () => {
    const res = await runCli(['token', '--role', 'marketing', '--sub', 'crm-sync', '--purpose', 'marketing_email'], env);
    expect(res.code).toBe(0);
    const token = res.stdout.trim();
    expect(res.stdout).toBe(`${token}\n`);
    const again = await runCli(['token', '--role', 'admin'], env);
    const secretFile = path.join(dataDir, 'dev-jwt-secret');
    const secret = (await import('node:fs')).readFileSync(secretFile, 'utf8').trim();
    expect(jwt.verify(token, secret, { algorithms: ['HS256'] })).toMatchObject({ roles: ['marketing'], sub: 'crm-sync', purpose: 'marketing_email' });
    expect(jwt.verify(again.stdout.trim(), secret, { algorithms: ['HS256'] })).toMatchObject({ roles: ['admin'] });
  });

  it('token refuses an unknown role and refuses production', async () => {
    const bad = await runCli(['token', '--role', 'root'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown role "root"/);
    const prod = await runCli(['token', '--role', 'admin'], { ...env, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), AUDIT_SIGNING_KEY: testSigningKey() });
    expect(prod.code).toBe(2);
    expect(prod.stdout).toBe('');
    expect(prod.stderr).toMatch(/refused when NODE_ENV=production/);
    // a purpose the policy does not grant the role: the server would refuse every request of that token
    const purpose = await runCli(['token', '--role', 'marketing', '--purpose', 'marketing_email,analytics'], env);
    expect({ code: purpose.code, stdout: purpose.stdout }).toEqual({ code: 2, stdout: '' });
    expect(purpose.stderr).toBe('error: the privacy policy does not let role marketing act for analytics; its purposes: marketing_email, marketing_sms\n');
  });

  it('reports configuration problems naming each variable, without a stack trace', async () => {
    const res = await runCli(['migrate'], { ...env, PORT: 'abc', DB_POOL_SIZE: '0', DATABASE_URL: 'mysql://u:secretpw@h/db' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/PORT must be an integer/);
    expect(res.stderr).toMatch(/DB_POOL_SIZE must be/);
    expect(res.stderr).toMatch(/DATABASE_URL must be a URL/);
    expect(res.stderr).not.toMatch(/secretpw|\n\s+at /);
  });

  it('keeps stdout for its own output: log lines go to stderr', async () => {
    const res = await runCli(['migrate'], { ...env, LOG_LEVEL: 'debug' });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('migrations are up to date\n');
    expect(res.stderr).toMatch(/^\{"level":\d+,.*"name":"tessera-cli"/m);
    const help = await runCli(['import', '--help'], env);
    expect(help.stdout).toMatch(/--actor <name> +who runs the import, for the access log \(default: the OS\s+user\)\n/);
    expect(help.stdout).not.toMatch(/default: "/);
  });

  it('migrates, imports a folder with a report, and resolves', async () => {
    expect((await runCli(['migrate'], env)).stdout).toMatch(/up to date/);
    const res = await runCli(['import', '--source', 'salesforce', '--format', 'salesforce-csv', path.join(COMPANY_DIR, 'salesforce')], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Contact\.csv\s+inserted 4\s+updated 0\s+unchanged 0\s+deleted 0\s+rejected 0/);
    expect(res.stdout).toMatch(/Opportunity\.csv:4\s+StageName/);
    expect(res.stdout).toMatch(/resolved 4 person records into 4 customers/);
    expect(res.stdout).toMatch(/\d+ pairs for review from this run \(\d+ in the review queue\)/);
    const again = await runCli(['import', '--source', 'salesforce', '--format', 'salesforce-csv', path.join(COMPANY_DIR, 'salesforce')], env);
    expect(again.stdout).toMatch(/Contact\.csv\s+inserted 0\s+updated 0\s+unchanged 4/);
  });

  it('writes imports to the access log as operator under --actor (default: the OS user), naming the customers after resolution', async () => {
    const res = await runCli(['import', '--source', 'zendesk', '--format', 'zendesk-json', '--actor', 'ops-alice', path.join(COMPANY_DIR, 'zendesk')], env);
    expect(res.code).toBe(0);
    const log: { actor: string; roles: string[]; purpose: string; client: string; operation_name: string; customers: string[] }[] = await db.dataSource.query(
      `SELECT actor, roles, purpose, client, operation_name, customer_ids::text[] AS customers FROM access_log WHERE request_id LIKE 'import-run-%' ORDER BY position`,
    );
    const contacts = log.find((e) => e.operation_name === 'import salesforce Contact.csv');
    expect(contacts).toMatchObject({ actor: os.userInfo().username, roles: ['operator'], purpose: 'import', client: 'tessera-cli' });
    expect(contacts!.customers).toHaveLength(4);
    const users = log.find((e) => e.operation_name === 'import zendesk users.json');
    expect(users).toMatchObject({ actor: 'ops-alice', roles: ['operator'] });
    expect(users!.customers.length).toBeGreaterThan(0);
  });

  it('imports the rest of a folder when one file is unusable, reports it, and exits 1', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-sf-'));
    await cp(path.join(COMPANY_DIR, 'salesforce'), dir, { recursive: true });
    await writeFile(path.join(dir, 'Account.csv'), 'Id,Type\n001A,Customer\n');
    const res = await runCli(['import', '--source', 'sfbroken', '--format', 'salesforce-csv', dir], env);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/Contact\.csv\s+inserted 4\s/);
    expect(res.stdout).toMatch(/\n {2}Account\.csv +rejected as a whole, nothing imported: missing column "Name" \(required: Id, Name\)/);
    expect(res.stdout).not.toMatch(/Account\.csv: Account\.csv/);
    expect(res.stdout).toMatch(/Opportunity\.csv\s+inserted 2\s/);
    expect(res.stdout).toMatch(/resolved \d+ person records/);
    expect(res.stdout).toMatch(/computed traits of \d+ customers/);
    expect(res.stderr).toBe('error: 1 file was rejected as a whole and not imported: Account.csv (reasons in the report)\n');
    const [run] = await db.dataSource.query(`SELECT status, error FROM import_run WHERE source = 'sfbroken'`);
    expect(run).toEqual({ status: 'succeeded', error: null });
  });

  it('gives one clear error for a missing file or an unknown format', async () => {
    const missing = await runCli(['import', '--source', 'x', '--format', 'ndjson', '/does/not/exist'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: cannot read /does/not/exist: no such file or folder\n');
    const format = await runCli(['import', '--source', 'x', '--format', 'xlsx', COMPANY_DIR], env);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toMatch(/Allowed choices are salesforce-csv, zendesk-json, mailchimp-json, ndjson/);
  });

  it('on its own embedded PostgreSQL: says which migrations it applied, keeps a failed command\'s exit code, and stops the cluster', async () => {
    const own = await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-embedded-'));
    await chmod(own, 0o755); // run as root, the cluster runs as "postgres", which must enter this folder
    try {
      const embedded = { DATABASE_URL: '', DATA_DIR: own, EMBEDDED_PG_PORT: String(await freePort()), NODE_ENV: 'development' };
      // a new database: migrate says what it applied
      const migrate = await runCli(['migrate'], embedded);
      expect(migrate.code).toBe(0);
      expect(migrate.stdout).toMatch(/^applied InitialSchema1764100000000\n/);
      expect(migrate.stdout).toMatch(/\n\d+ migrations applied; the schema is up to date\n$/);
      const missing = await runCli(['import', '--source', 'x', '--format', 'ndjson', '/does/not/exist'], embedded);
      expect(missing.stderr).toBe('error: cannot read /does/not/exist: no such file or folder\n');
      expect(missing.code).toBe(2);
      // it did start a cluster of its own, and stopped it
      expect(existsSync(path.join(own, 'pg', 'PG_VERSION'))).toBe(true);
      expect(findPidFiles(own)).toEqual([]);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  }, 180_000);

  it('a kill in the middle of an import loses nothing and duplicates nothing on re-run', async () => {
    const demoDir = path.join(dataDir, 'demo');
    expect((await runCli(['demo', '--customers', '3000', '--seed', '9', '--out', demoDir], env)).code).toBe(0);
    const zendesk = path.join(demoDir, 'zendesk');
    const child = startCli(['import', '--source', 'zendesk-kill', '--format', 'zendesk-json', '--no-resolve', zendesk], env);
    // Kill as soon as some batches have been committed.
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM source_record WHERE source = 'zendesk-kill'`);
      if (n >= 1000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const [{ n: partial }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM source_record WHERE source = 'zendesk-kill'`);
    expect(partial).toBeGreaterThan(0);
    const runs = () => db.dataSource.query(`SELECT id::text, status, finished_at IS NOT NULL AS finished, error FROM import_run WHERE source = 'zendesk-kill' ORDER BY id`);
    const [killedRun] = await runs();
    expect(killedRun).toMatchObject({ status: 'running', finished: false });

    const rerun = await runCli(['import', '--source', 'zendesk-kill', '--format', 'zendesk-json', zendesk], env);
    expect(rerun.code).toBe(0);
    // the killed run's process is gone: the next run of the source says so and closes it
    expect(rerun.stdout).toMatch(new RegExp(`\\nrun ${killedRun.id} of zendesk-kill \\(started \\S+Z\\) stopped without finishing: marked interrupted`));
    expect(await runs()).toEqual([
      { id: killedRun.id, status: 'interrupted', finished: true, error: expect.stringMatching(/^interrupted: the import stopped without finishing .* found by run \d+$/) },
      { id: expect.any(String), status: 'succeeded', finished: true, error: null },
    ]);
    // the killed process never wrote its access-log entry: the rerun did, with what the run had committed
    const [, rerunRow] = await runs();
    const [{ inserted }] = await db.dataSource.query(`SELECT inserted FROM import_run WHERE id = $1`, [killedRun.id]);
    const logged = await db.dataSource.query(`SELECT operation_name, outcome FROM access_log WHERE request_id = $1`, [`import-run-${killedRun.id}`]);
    expect(logged).toEqual([
      {
        operation_name: 'import zendesk-kill zendesk',
        outcome: expect.stringMatching(new RegExp(`^interrupted inserted=${inserted} updated=0 unchanged=0 deleted=0 rejected=0( unlinked=\\d+)? recovered-by=import-run-${rerunRow.id}$`)),
      },
    ]);
    const reference = await runCli(['import', '--source', 'zendesk-ref', '--format', 'zendesk-json', zendesk], env);
    expect(reference.code).toBe(0);
    const counts = await db.dataSource.query(
      `SELECT source, count(*)::int AS records, count(DISTINCT (entity, external_id))::int AS distinct_records,
              count(person_record_id)::int AS linked, (SELECT count(*)::int FROM journey_event e JOIN source_record r2 ON r2.id = e.record_id WHERE r2.source = r.source) AS events
       FROM source_record r WHERE source IN ('zendesk-kill', 'zendesk-ref') GROUP BY source ORDER BY source`,
    );
    expect(counts[0]).toMatchObject({ source: 'zendesk-kill' });
    const { source: _a, ...killed } = counts[0];
    const { source: _b, ...ref } = counts[1];
    expect(killed).toEqual(ref);
    expect(killed.records).toBe(killed.distinct_records);
    expect(partial).toBeLessThan(ref.records);
  }, 120_000);
});

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** postmaster.pid files under a folder: a running (or crashed) cluster leaves one. */
function findPidFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'postmaster.pid');
}
