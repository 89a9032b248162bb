import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AuditWriterRole1764900000000, AUDIT_WRITER_ROLE } from '../../migrations/1764900000000-AuditWriterRole';
import { openAppendPool } from '../../src/audit/append-pool';
import { createAudit } from '../../src/audit/create-audit';
import { createServices } from '../../src/services';
import { startTestApp } from '../setup/test-app';
import { simpleAccess, testSigningKey } from '../setup/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const privateKey = testSigningKey();
const access = simpleAccess;

/**
 * tessera_audit_writer may append to the log and nothing else. Roles are cluster-wide: the migration (run into
 * the template) reuses an existing role, and this test's login user has a name of its own, so parallel runs
 * on one server do not collide.
 */
describe('the access-log writer role', () => {
  let db: TestDatabase;
  let admin: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.drop();
  });

  /** Runs a statement as the role (SET ROLE inside a transaction that is rolled back). */
  const asWriter = async (sql: string) => {
    await admin.query('BEGIN');
    try {
      await admin.query(`SET LOCAL ROLE ${AUDIT_WRITER_ROLE}`);
      return await admin.query(sql);
    } finally {
      await admin.query('ROLLBACK');
    }
  };

  it('has SELECT and INSERT on access_log, SELECT on the checkpoints, and nothing else', async () => {
    const { rows } = await admin.query(
      `SELECT t, p, has_table_privilege($1, t, p) AS granted
       FROM unnest(ARRAY['access_log', 'access_log_checkpoint', 'customer', 'source_record']) t,
            unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
       WHERE has_table_privilege($1, t, p)`,
      [AUDIT_WRITER_ROLE],
    );
    expect(rows.map((r) => `${r.t}:${r.p}`).sort()).toEqual(['access_log:INSERT', 'access_log:SELECT', 'access_log_checkpoint:SELECT']);
  });

  it.each([
    ['UPDATE', `UPDATE access_log SET actor = 'x'`],
    ['DELETE', `DELETE FROM access_log`],
    ['TRUNCATE', `TRUNCATE access_log`],
    ['pruning', `SELECT access_log_prune(1)`],
    ['forging a checkpoint', `INSERT INTO access_log_checkpoint (position, head_hash, count, at, key_id, signature) VALUES (1, 'x', 1, now(), 'k', 's')`],
    ['reading customers', `SELECT * FROM customer`],
  ])('is refused %s by privileges (before any trigger)', async (_name, sql) => {
    await expect(asWriter(sql)).rejects.toThrow(/permission denied/);
  });

  it('appends through AUDIT_DATABASE_URL as a login member of the role; the chain verifies', async () => {
    const login = `tessera_audit_test_${randomBytes(5).toString('hex')}`;
    const url = new URL(db.url);
    const password = decodeURIComponent(url.password);
    await admin.query(`CREATE ROLE ${login} LOGIN ${password ? `PASSWORD '${password.replace(/'/g, "''")}'` : ''} IN ROLE ${AUDIT_WRITER_ROLE}`);
    url.username = login;
    const pool = openAppendPool({ url: url.toString() });
    try {
      const audit = createAudit(db.dataSource, { signingKey: { privateKey }, writer: pool, maxDelayMs: 5 });
      await audit.log.append([access(1), access(2)]);
      await Promise.all([audit.log.record(access(3)), audit.log.record(access(4))]);
      const { rows } = await admin.query(`SELECT count(*)::int AS n, max(position)::int AS head FROM access_log`);
      expect(rows[0]).toEqual({ n: 4, head: 4 });
      expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 4 });
      await expect(pool.transaction((sql) => sql.query(`DELETE FROM access_log`))).rejects.toThrow(/permission denied/);
    } finally {
      await pool.close();
      await admin.query(`DROP ROLE ${login}`);
    }
  });

  it('is ready only when its own connection answers (fail-closed), which /readyz reports', async () => {
    const url = new URL(db.url);
    url.username = `tessera_no_such_login_${randomBytes(4).toString('hex')}`;
    const broken = openAppendPool({ url: url.toString() });
    try {
      expect(await createAudit(db.dataSource, { signingKey: { privateKey }, writer: broken }).log.ready()).toBe(false);
      expect(await createAudit(db.dataSource, { signingKey: { privateKey }, writer: broken, failClosed: false }).log.ready()).toBe(true);
      expect(await createAudit(db.dataSource, { signingKey: { privateKey } }).log.ready()).toBe(true);
      // and the server says so
      const services = createServices(db.dataSource, { region: 'US', audit: { signingKey: { privateKey }, writer: broken } });
      const app = await startTestApp({ ...db, services });
      try {
        const res = await fetch(`${app.url}/readyz`);
        expect({ status: res.status, body: await res.json() }).toEqual({ status: 503, body: { status: 'access log unreachable' } });
      } finally {
        await app.close();
      }
      const healthy = await startTestApp(db);
      try {
        expect((await fetch(`${healthy.url}/readyz`)).status).toBe(200);
      } finally {
        await healthy.close();
      }
    } finally {
      await broken.close();
    }
  });

  it('the migration step reuses a role that already exists', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      await new AuditWriterRole1764900000000().up(runner);
    } finally {
      await runner.release();
    }
    const { rows } = await admin.query(`SELECT has_table_privilege($1, 'access_log', 'INSERT') AS ok`, [AUDIT_WRITER_ROLE]);
    expect(rows[0].ok).toBe(true);
  });
});
