import { Client } from 'pg';
import { openAppendPool, type AppendPool, type AuditWriter } from '../../src/audit/append-pool';
import { createAudit } from '../../src/audit/create-audit';
import { simpleAccess, testSigningKey } from '../setup/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const privateKey = testSigningKey();
const access = simpleAccess;

/** A writer over the real append pool whose flushes the test releases (or fails) by hand. */
function heldFlushes(pool: AppendPool) {
  const held: { release(): void; fail(error: Error): void }[] = [];
  const writer: AuditWriter = {
    query: (text, params) => pool.query(text, params),
    transaction: (work) => pool.transaction(work),
    durable: () =>
      new Promise<void>((resolve, reject) => {
        held.push({ release: () => void pool.durable().then(resolve, reject), fail: reject });
      }),
  };
  return { writer, held };
}

/**
 * The append pool commits appends without waiting for the disk and flushes apart from the chain lock
 * (src/audit/append-pool.ts); a fail-closed read must still be answered only after its own flush.
 */
describe('access-log appends through the append pool', () => {
  let db: TestDatabase;
  let admin: Client;
  let pool: AppendPool;
  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    pool = openAppendPool({ url: db.url });
  });
  afterAll(async () => {
    await pool.close();
    await admin.end();
    await db.drop();
  });

  it('appends commit asynchronously and flushes commit synchronously', async () => {
    const [append] = await pool.query(`SHOW synchronous_commit`);
    expect(append.synchronous_commit).toBe('off');
    await expect(pool.durable()).resolves.toBeUndefined();
  });

  it('refuses to confirm entries when the URL turns synchronous commit off for the flush connection too', async () => {
    const url = new URL(db.url);
    url.searchParams.set('options', '-c synchronous_commit=off');
    const unsafe = openAppendPool({ url: url.toString() });
    try {
      await expect(unsafe.durable()).rejects.toThrow(/synchronous_commit=off/);
    } finally {
      await unsafe.close();
    }
  });

  it('a fail-closed read settles only after its flush, and the entries are already chained before it', async () => {
    const { writer, held } = heldFlushes(pool);
    const audit = createAudit(db.dataSource, { signingKey: { privateKey }, writer });
    let settled = false;
    const read = audit.log.record(access(1)).then(() => (settled = true));
    for (let i = 0; i < 100 && held.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(held).toHaveLength(1);
    // committed (visible to another session) but not yet answered
    const { rows } = await admin.query(`SELECT request_id FROM access_log WHERE request_id = 'r-1'`);
    expect(rows).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(settled).toBe(false);
    // the next read is appended while the first still waits for the disk
    const second = audit.log.record(access(2));
    for (let i = 0; i < 100 && held.length < 2; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(held).toHaveLength(2);
    held[0].release();
    await read;
    expect(settled).toBe(true);
    held[1].release();
    await second;
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('a failed flush fails the read (fail-closed) and reports the entries', async () => {
    const { writer, held } = heldFlushes(pool);
    const errors: number[] = [];
    const audit = createAudit(db.dataSource, { signingKey: { privateKey }, writer, onError: (_e, n) => errors.push(n) });
    const observed: string[] = [];
    audit.log.observe({ written: (n) => observed.push(`written ${n}`), failed: (n) => observed.push(`failed ${n}`) });
    const read = audit.log.record(access(3));
    for (let i = 0; i < 100 && held.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    held[0].fail(new Error('disk gone'));
    await expect(read).rejects.toThrow('disk gone');
    expect(errors).toEqual([1]);
    expect(observed).toEqual(['failed 1']);
  });

  it('flush() and close() wait for batches still waiting for the disk', async () => {
    const { writer, held } = heldFlushes(pool);
    const audit = createAudit(db.dataSource, { signingKey: { privateKey }, writer });
    void audit.log.record(access(4));
    for (let i = 0; i < 100 && held.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    let closed = false;
    const closing = audit.log.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(closed).toBe(false);
    held[0].release();
    await closing;
    expect(closed).toBe(true);
  });

  it('carries on after PostgreSQL drops its connections (appends and flushes reconnect)', async () => {
    const audit = createAudit(db.dataSource, { signingKey: { privateKey }, writer: pool });
    await audit.log.record(access(7));
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity WHERE application_name IN ('tessera-audit', 'tessera-audit-flush') AND datname = current_database()`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 50)); // the pools notice and drop the dead clients
    await expect(audit.log.record(access(8))).resolves.toBeUndefined();
    const stored = await admin.query(`SELECT count(*)::int AS n FROM access_log WHERE request_id IN ('r-7', 'r-8')`);
    expect(stored.rows[0].n).toBe(2);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('append() (imports, exports) returns once its entries are flushed', async () => {
    const { writer, held } = heldFlushes(pool);
    const audit = createAudit(db.dataSource, { signingKey: { privateKey }, writer });
    let done = false;
    const appending = audit.log.append([access(5), access(6)]).then(() => (done = true));
    for (let i = 0; i < 100 && held.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    held[0].release();
    await appending;
    expect(done).toBe(true);
  });
});
