import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AccessRecord } from '../../src/audit/access-entry';
import { createAudit, type Audit } from '../../src/audit/create-audit';
import { hashEntry, GENESIS_HASH } from '../../src/audit/hash-chain';
import { keyIdOf } from '../../src/audit/signing-key';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { loadConfig } from '../../src/config/config';
import { openDatabase } from '../../src/db/data-source';
import { createLogger } from '../../src/observability/logger';
import { openRuntime } from '../../src/runtime';
import { buildCli, ROOT, runCli } from '../setup/cli';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

function access(i: number, overrides: Partial<AccessRecord> = {}): AccessRecord {
  return {
    requestId: `req-${i}`,
    actor: `agent-${i % 3}`,
    roles: ['support_agent'],
    purpose: 'support_case',
    client: 'console',
    operationName: 'CustomerProfile',
    queryHash: 'ab'.repeat(32),
    customerIds: [i % 2 ? ALICE : BOB],
    fields: { 'Customer.displayName': 'allowed', 'ProfileEmail.value': 'masked' },
    outcome: 'ok',
    ...overrides,
  };
}

let built = false;
/** The CLI under test is the code under test: compiled once per run of this file. */
function ensureBuilt(): void {
  if (!built) buildCli();
  built = true;
}

/** Changes the log as someone with database superuser rights would: triggers off for this transaction. */
async function tamper(db: TestDatabase, ...statements: [string, unknown[]?][]): Promise<void> {
  await db.dataSource.transaction(async (sql) => {
    await sql.query(`SET LOCAL session_replication_role = replica`);
    for (const [text, params] of statements) await sql.query(text, params);
  });
}

describe('the access log in PostgreSQL', () => {
  let db: TestDatabase;
  let audit: Audit;
  let checkpointDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    checkpointDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-checkpoints-'));
    audit = createAudit(db.dataSource, { signingKey: { privateKey }, checkpointDirectory: checkpointDir, maxDelayMs: 20, maxBatch: 50 });
  });
  afterAll(async () => db.drop());

  describe('appending', () => {
    it('keeps one dense chain under concurrent appenders on separate pools', async () => {
      const other = await openDatabase({ url: db.url, poolSize: 4 });
      try {
        const second = createAudit(other.dataSource, { signingKey: { privateKey } });
        const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 10 }, (_, i) => access(b * 10 + i)));
        const buffered = Array.from({ length: 120 }, (_, i) => audit.log.record(access(1000 + i)));
        await Promise.all([...batches.map((batch, b) => (b % 2 ? second.log : audit.log).append(batch)), ...buffered, audit.log.flush()]);
      } finally {
        await other.dataSource.destroy();
      }
      const [{ count, max }] = await db.dataSource.query(`SELECT count(*)::int AS count, max(position)::int AS max FROM access_log`);
      expect({ count, max }).toEqual({ count: 240, max: 240 });
      expect(await audit.verify(37)).toMatchObject({ ok: true, entriesChecked: 240, firstBreak: null });
      const first = await audit.queries.page({}, 100);
      const second = await audit.queries.page({}, 100, first.endCursor);
      expect([...first.entries, ...second.entries].map((e) => e.position)).toEqual(Array.from({ length: 200 }, (_, i) => 240 - i));
    });

    it('writes a mutation entry in the mutation transaction: rolled back with it, no gap left', async () => {
      await expect(
        db.dataSource.transaction(async (manager) => {
          await audit.log.appendNow(access(1, { operationName: 'EraseCustomer', outcome: 'ok' }), manager);
          throw new Error('the mutation failed');
        }),
      ).rejects.toThrow('the mutation failed');
      const entry = await db.dataSource.transaction((manager) => audit.log.appendNow(access(2, { operationName: 'LinkRecords' }), manager));
      expect(entry.position).toBe(241);
      expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 241 });
    });

    it('stores ids and field names as given, and the hash covers exactly the documented serialisation', async () => {
      const [row] = await new AccessLogRepository().after(db.dataSource, 240, 1);
      expect(row).toMatchObject({ operationName: 'LinkRecords', customerIds: [BOB], fields: { 'Customer.displayName': 'allowed', 'ProfileEmail.value': 'masked' } });
      expect(row.hash).toBe(hashEntry(row.prevHash, row));
    });

    it('fails closed: record() rejects when the log cannot be written; fail-open reports and resolves', async () => {
      const closed = await openDatabase({ url: db.url, poolSize: 1 });
      await closed.dataSource.destroy();
      const failClosed = createAudit(closed.dataSource, { signingKey: { privateKey }, maxDelayMs: 5 });
      await expect(failClosed.log.record(access(1))).rejects.toThrow();
      const errors: number[] = [];
      const failOpen = createAudit(closed.dataSource, { signingKey: { privateKey }, maxDelayMs: 5, failClosed: false, onError: (_e, n) => errors.push(n) });
      await expect(failOpen.log.record(access(2))).resolves.toBeUndefined();
      await failOpen.log.flush();
      expect(errors[0]).toBe(1);
    });

    it('refuses a record holding a personal value where an id belongs', () => {
      expect(() => audit.log.record(access(1, { customerIds: ['jane@example.com'] }))).toThrow(/not a uuid/);
    });
  });

  describe('the database keeps it append-only', () => {
    it.each([
      ['UPDATE', `UPDATE access_log SET actor = 'x' WHERE position = 1`],
      ['DELETE', `DELETE FROM access_log WHERE position = 1`],
      ['TRUNCATE', `TRUNCATE access_log`],
      ['UPDATE of a checkpoint', `UPDATE access_log_checkpoint SET head_hash = 'x'`],
      ['DELETE of a checkpoint', `DELETE FROM access_log_checkpoint`],
      ['UPDATE of a field set', `UPDATE access_field_set SET decisions = '{}'`],
      ['DELETE of a field set', `DELETE FROM access_field_set`],
      ['TRUNCATE of the field sets', `TRUNCATE access_field_set`],
      ['pruning no checkpoint records', `SELECT access_log_prune(10)`],
    ])('refuses %s', async (_name, statement) => {
      await audit.checkpoints.checkpoint();
      await expect(db.dataSource.query(statement)).rejects.toThrow(/append-only|no checkpoint records the pruning/);
    });

    it('refuses deleting through the prune flag beyond what a checkpoint records', async () => {
      await expect(
        db.dataSource.transaction(async (sql) => {
          await sql.query(`SELECT set_config('tessera.access_log_prune', 'on', true)`);
          await sql.query(`DELETE FROM access_log WHERE position = 5`);
        }),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('tamper evidence', () => {
    beforeAll(async () => {
      await audit.log.append(Array.from({ length: 59 }, (_, i) => access(2000 + i))); // 300 entries in all
      await audit.checkpoints.checkpoint();
      await db.dataSource.query(`CREATE TABLE log_backup AS SELECT * FROM access_log; CREATE TABLE checkpoint_backup AS SELECT * FROM access_log_checkpoint; CREATE TABLE set_backup AS SELECT * FROM access_field_set`);
    });
    afterEach(async () => {
      await tamper(
        db,
        [`DELETE FROM access_log`],
        [`INSERT INTO access_log SELECT * FROM log_backup`],
        [`DELETE FROM access_log_checkpoint`],
        [`INSERT INTO access_log_checkpoint OVERRIDING SYSTEM VALUE SELECT * FROM checkpoint_backup`],
        [`DELETE FROM access_field_set`],
        [`INSERT INTO access_field_set SELECT * FROM set_backup`],
      );
      expect((await audit.verify()).ok).toBe(true);
    });

    it('passes on the intact log, with checkpoints from the table and the directory', async () => {
      const report = await audit.verify();
      expect(report).toMatchObject({ ok: true, entriesChecked: 300, firstBreak: null });
      expect(report.checkpointsChecked).toBeGreaterThanOrEqual(2);
    });

    it.each<[string, [string, unknown[]?][], number, string]>([
      [
        'an entry pointed at another field set',
        [[`INSERT INTO access_field_set (id, fields, decisions) VALUES ('forged', '{"ProfileEmail.value":"allowed"}', '{allowed}')`], [`UPDATE access_log SET field_set = 'forged' WHERE position = 37`]],
        37,
        'edited',
      ],
      ['an entry naming a field set that is gone', [[`UPDATE access_log SET field_set = 'missing' WHERE position = 38`]], 38, 'edited'],
      ['an edited time (one microsecond)', [[`UPDATE access_log SET at = at + interval '1 microsecond' WHERE position = 120`]], 120, 'edited'],
      ['a deleted entry', [[`DELETE FROM access_log WHERE position = 50`]], 50, 'deleted'],
      [
        'two entries swapped',
        [[`UPDATE access_log SET position = 1000060 WHERE position = 60`], [`UPDATE access_log SET position = 60 WHERE position = 61`], [`UPDATE access_log SET position = 61 WHERE position = 1000060`]],
        60,
        'reordered',
      ],
      ['entries deleted and the rest renumbered', [[`DELETE FROM access_log WHERE position = 80`], [`UPDATE access_log SET position = position + 1000000 WHERE position > 80`], [`UPDATE access_log SET position = position - 1000001 WHERE position > 1000000`]], 80, 'rewritten'],
      ['the newest entries deleted', [[`DELETE FROM access_log WHERE position > 290`]], 291, 'truncated'],
      ['the newest entries and the table checkpoints deleted (the file copies remain)', [[`DELETE FROM access_log WHERE position > 290`], [`DELETE FROM access_log_checkpoint`]], 291, 'truncated'],
      ['a checkpoint edited', [[`UPDATE access_log_checkpoint SET count = count + 1 WHERE position = 300`]], 300, 'checkpoint-signature'],
    ])('finds %s', async (_name, statements, position, reason) => {
      await tamper(db, ...statements);
      const report = await audit.verify(64);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ position, reason });
      // cut into ranges joined at the stored hash before each: the same report as one walk
      const ranged = await audit.verify({ ranges: 7, batchSize: 16 });
      expect({ ...ranged, ms: 0 }).toEqual({ ...report, ms: 0 });
    });

    it('finds an edited field set at the first entry that names it', async () => {
      const [{ id, first }] = await db.dataSource.query(`SELECT field_set AS id, min(position)::int AS first FROM access_log WHERE field_set = (SELECT field_set FROM access_log WHERE position = 37) GROUP BY field_set`);
      await tamper(db, [`UPDATE access_field_set SET fields = fields || '{"ProfileEmail.value":"allowed"}' WHERE id = $1`, [id]]);
      const report = await audit.verify();
      expect(report.firstBreak).toMatchObject({ position: first, reason: 'edited' });
    });

    it('reports the same from ranges on an intact log and at every range join', async () => {
      const one = await audit.verify();
      for (const ranges of [2, 3, 7, 299, 300, 1000]) expect({ ...(await audit.verify({ ranges, batchSize: 10 })), ms: 0 }).toEqual({ ...one, ms: 0 });
      for (const at of [43, 44, 86]) {
        await tamper(db, [`DELETE FROM access_log WHERE position BETWEEN $1 AND $1 + 2`, [at]]);
        const single = await audit.verify();
        expect(single.firstBreak).toMatchObject({ position: at, reason: 'deleted', detail: `entries ${at}..${at + 2} are missing (the next entry is at ${at + 3})` });
        expect({ ...(await audit.verify({ ranges: 7 })), ms: 0 }).toEqual({ ...single, ms: 0 });
        await tamper(db, [`DELETE FROM access_log`], [`INSERT INTO access_log SELECT * FROM log_backup`]);
      }
    });

    it('finds a history rewritten and rehashed from an entry on, through the signed checkpoint', async () => {
      const entries = await new AccessLogRepository().after(db.dataSource, 0, 1000);
      let prev = entries[9].hash;
      const statements: [string, unknown[]][] = [];
      for (const e of entries.slice(10)) {
        const changed = e.position === 11 ? { ...e, actor: 'nobody' } : e;
        const hash = hashEntry(prev, changed);
        statements.push([`UPDATE access_log SET actor = $2, prev_hash = $3, hash = $4 WHERE position = $1`, [e.position, changed.actor, prev, hash]]);
        prev = hash;
      }
      await tamper(db, ...statements);
      const report = await audit.verify();
      expect(report.firstBreak?.reason).toBe('checkpoint-mismatch');
      // found at the first signed head after the change (241); the log can only bound where it began
      expect(report.firstBreak?.position).toBe(241);
      expect(report.firstBreak?.detail).toMatch(/; the first changed entry is in positions 1\.\.241 \(no earlier checkpoint\): the log cannot tell which$/);
      expect({ ...(await audit.verify({ ranges: 7 })), ms: 0 }).toEqual({ ...report, ms: 0 });
      expect(GENESIS_HASH).toHaveLength(64);
    });

    it('bounds a rewrite found at a later checkpoint by the previous checkpoint, which matched', async () => {
      const entries = await new AccessLogRepository().after(db.dataSource, 0, 1000);
      let prev = entries[259].hash;
      const statements: [string, unknown[]][] = [];
      for (const e of entries.slice(260)) {
        const changed = e.position === 261 ? { ...e, outcome: 'error' } : e;
        const hash = hashEntry(prev, changed);
        statements.push([`UPDATE access_log SET outcome = $2, prev_hash = $3, hash = $4 WHERE position = $1`, [e.position, changed.outcome, prev, hash]]);
        prev = hash;
      }
      await tamper(db, ...statements);
      const report = await audit.verify();
      expect(report.firstBreak).toMatchObject({ position: 300, reason: 'checkpoint-mismatch' });
      expect(report.firstBreak?.detail).toMatch(/the first changed entry is in positions 242\.\.300 \(the checkpoint at 241 matched\)/);
    });
  });
});

describe('pruning', () => {
  let db: TestDatabase;
  let audit: Audit;
  beforeAll(async () => {
    db = await createTestDatabase();
    audit = createAudit(db.dataSource, { signingKey: { privateKey } });
  });
  afterAll(async () => db.drop());

  it('removes old entries behind a checkpoint and verification still passes; appends continue the chain', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const old = new Date(now.getTime() - 40 * 86_400_000);
    await audit.log.append(Array.from({ length: 30 }, (_, i) => access(i, { at: old })));
    await audit.log.append(Array.from({ length: 10 }, (_, i) => access(100 + i, { at: now })));
    expect(await audit.queries.pruning()).toBeNull();
    const result = await audit.checkpoints.prune(30, now);
    expect(result).toMatchObject({ removed: 30, prunedThrough: 30 });
    expect(result.checkpoint).toMatchObject({ position: 40, prunedThrough: 30 });
    expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 10, startedAfter: 30 });

    // every answer over the log says what it can no longer hold, whatever its filter
    const [{ hash }] = await db.dataSource.query(`SELECT prev_hash AS hash FROM access_log WHERE position = 31`);
    const pruning = { through: 30, hash, checkpointPosition: 40, prunedAt: '2026-11-25T12:00:00.000000Z', keptFrom: '2026-11-25T12:00:00.000000Z' };
    expect(await audit.queries.pruning()).toEqual(pruning);
    const lines: string[] = [];
    for await (const line of audit.export({ customerId: ALICE }, 'ndjson')) lines.push(line);
    expect(lines.map((l) => JSON.parse(l).position ?? 'pruned')).toEqual([40, 38, 36, 34, 32, 'pruned']);
    expect(JSON.parse(lines.at(-1)!)).toEqual({ pruned: pruning });
    const csv: string[] = [];
    for await (const line of audit.export({ actor: 'nobody' }, 'csv')) csv.push(line);
    expect(csv).toEqual([expect.stringMatching(/^position,at,/), `,2026-11-25T12:00:00.000000Z,,,,,,,,,,pruned through=30 checkpoint=40 kept_from=2026-11-25T12:00:00.000000Z,,${hash}\n`]);

    expect(await audit.checkpoints.prune(30, now)).toMatchObject({ removed: 0, prunedThrough: 30 });
    await audit.log.append([access(200)]);
    expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 11 });
    await tamper(db, [`DELETE FROM access_log WHERE position = 31`]);
    expect((await audit.verify()).firstBreak).toMatchObject({ position: 31, reason: 'deleted' });
  });

  it('continues the chain after every entry was pruned', async () => {
    const fresh = await createTestDatabase();
    try {
      const a = createAudit(fresh.dataSource, { signingKey: { privateKey } });
      await a.log.append([access(1, { at: new Date('2020-01-01T00:00:00Z') })]);
      await a.checkpoints.prune(1);
      const [next] = await a.log.append([access(2)]);
      expect(next.position).toBe(2);
      expect(await a.verify()).toMatchObject({ ok: true, entriesChecked: 1, startedAfter: 1 });
    } finally {
      await fresh.drop();
    }
  });
});

describe('auditor queries', () => {
  let db: TestDatabase;
  let audit: Audit;
  beforeAll(async () => {
    db = await createTestDatabase();
    audit = createAudit(db.dataSource, { signingKey: { privateKey } });
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
    await audit.log.append([
      access(1, { actor: 'agent-a', customerIds: [ALICE], at: day(20) }),
      access(2, { actor: 'agent-b', customerIds: [BOB], at: day(20) }),
      access(3, { actor: 'mkt', roles: ['marketing'], purpose: 'marketing_email', customerIds: [ALICE, BOB], fields: { 'ProfileEmail.value': 'pseudonymised' }, at: day(21) }),
      access(4, { actor: 'mkt', roles: ['marketing'], purpose: 'marketing_email', customerIds: [], fields: { 'Customer.sourceRecords': 'denied' }, outcome: 'denied', at: day(21) }),
      access(5, { actor: 'agent-a', customerIds: [ALICE], at: day(22) }),
      access(6, { actor: 'mkt', roles: ['marketing'], purpose: 'marketing_email', customerIds: [], fields: { 'Customer.sourceRecords': 'denied' }, outcome: 'denied', at: day(23) }),
      access(7, { actor: 'agent-a', customerIds: [BOB], at: day(23) }),
      // refused by the row policy (a customer asking for another's profile): the entry is denied, no field is
      access(8, { actor: ALICE, roles: ['customer'], purpose: 'self_service', customerIds: [BOB], fields: { 'Customer.displayName': 'allowed' }, outcome: 'denied', at: day(23) }),
    ]);
  });
  afterAll(async () => db.drop());

  const positions = async (filter: Parameters<Audit['queries']['page']>[0]) => (await audit.queries.page(filter, 50)).entries.map((e) => e.position);

  it.each<[string, Parameters<Audit['queries']['page']>[0], number[]]>([
    ['everything, newest first', {}, [8, 7, 6, 5, 4, 3, 2, 1]],
    ['per actor', { actor: 'agent-a' }, [7, 5, 1]],
    ['per customer (who saw this person)', { customerId: ALICE.toUpperCase() }, [5, 3, 1]],
    ['by role', { role: 'marketing' }, [6, 4, 3]],
    ['by purpose', { purpose: 'support_case' }, [7, 5, 2, 1]],
    ['denied attempts: a field or the row refused', { decision: 'denied' }, [8, 6, 4]],
    ['a field denied', { field: 'Customer.sourceRecords', decision: 'denied' }, [6, 4]],
    ['a field', { field: 'ProfileEmail.value' }, [7, 5, 3, 2, 1]],
    ['a field with a decision', { field: 'ProfileEmail.value', decision: 'pseudonymised' }, [3]],
    ['a time window', { from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') }, [5, 4, 3]],
    ['combined', { actor: 'agent-a', customerId: BOB }, [7]],
  ])('filters %s', async (_name, filter, expected) => {
    expect(await positions(filter)).toEqual(expected);
  });

  it('pages by keyset without gaps or repeats', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await audit.queries.page({}, 3, after);
      seen.push(...page.entries.map((e) => e.position));
      pages += 1;
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(seen).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(pages).toBe(3);
  });

  it('aggregates: top actors, accesses by purpose, denials per day', async () => {
    expect(await audit.queries.topActors({}, 2)).toEqual([{ key: 'agent-a', count: 3 }, { key: 'mkt', count: 3 }]);
    expect(await audit.queries.accessesByPurpose({})).toEqual([{ key: 'support_case', count: 4 }, { key: 'marketing_email', count: 3 }, { key: 'self_service', count: 1 }]);
    expect(await audit.queries.denialsPerDay({})).toEqual([{ key: '2026-11-21', count: 1 }, { key: '2026-11-23', count: 2 }]);
  });

  it('counts per day exactly the denied attempts that `decision: denied` lists, with any other filter', async () => {
    for (const filter of [{}, { customerId: BOB }, { role: 'customer' }, { from: new Date('2026-11-22T00:00:00Z') }]) {
      const listed = (await audit.queries.page({ ...filter, decision: 'denied' }, 50)).entries.length;
      const counted = (await audit.queries.denialsPerDay(filter)).reduce((sum, d) => sum + d.count, 0);
      expect({ filter, counted }).toEqual({ filter, counted: listed });
    }
  });

  it('exports a filtered log as NDJSON and CSV, streaming', async () => {
    const ndjson: string[] = [];
    for await (const line of audit.export({ actor: 'agent-a' }, 'ndjson')) ndjson.push(line);
    expect(ndjson.map((l) => JSON.parse(l).position)).toEqual([7, 5, 1]);
    const csv: string[] = [];
    for await (const line of audit.export({ decision: 'denied' }, 'csv')) csv.push(line);
    expect(csv[0]).toMatch(/^position,at,request_id,actor,/);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['8', '6', '4']);
  });
});

describe('tessera audit (CLI)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-audit-cli-'));
    env = { DATABASE_URL: db.url, DATA_DIR: dataDir, NODE_ENV: 'development' };
    const audit = createAudit(db.dataSource, { signingKey: { dataDir } });
    await audit.log.append(Array.from({ length: 25 }, (_, i) => access(i, { at: new Date('2020-01-01T00:00:00Z') })));
    await audit.log.append(Array.from({ length: 5 }, (_, i) => access(100 + i)));
  }, 180_000);
  afterAll(async () => db.drop());

  it('checkpoints, verifies, prunes, and exits 1 on a broken chain', async () => {
    const checkpoint = await runCli(['audit', 'checkpoint'], env);
    expect(checkpoint).toMatchObject({ code: 0, stdout: expect.stringMatching(/^checkpoint at position 30: [0-9a-f]{64}/) });
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: 30 entries checked \(from genesis\)/) });
    // an outside auditor's public key: the one the stored checkpoint names and verifies under
    const publicKey = await runCli(['audit', 'public-key'], env);
    expect(publicKey.code).toBe(0);
    expect(publicKey.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    const [stored] = await db.dataSource.query('SELECT key_id FROM access_log_checkpoint ORDER BY position DESC LIMIT 1');
    expect(publicKey.stderr).toBe(`key id ${stored.key_id}\n`);
    expect(keyIdOf(createPublicKey(publicKey.stdout))).toBe(stored.key_id);
    // usage errors exit 2: a checkpoint folder that is not there, an age of 0 days
    expect(await runCli(['audit', 'verify', '--checkpoint-dir', '/no/such/folder'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/no folder \/no\/such\/folder/) });
    expect(await runCli(['audit', 'prune', '--older-than-days', '0'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/must be a positive number of days/) });
    const noRetention = await runCli(['audit', 'prune'], env);
    expect(noRetention).toMatchObject({ code: 2, stderr: expect.stringMatching(/set AUDIT_RETENTION_DAYS or give --older-than-days/) });
    const pruned = await runCli(['audit', 'prune'], { ...env, AUDIT_RETENTION_DAYS: '365' });
    expect(pruned).toMatchObject({ code: 0, stdout: 'pruned 25 entries (the chain now starts after position 25)\n' });
    expect(await runCli(['audit', 'verify'], env)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: 5 entries checked \(after pruned position 25\)/) });
    expect(await runCli(['audit', 'prune', '--older-than-days', '365'], env)).toMatchObject({ code: 0, stdout: 'pruned 0 entries (the chain now starts after position 25)\n' });
    await tamper(db, [`UPDATE access_log SET outcome = 'error' WHERE position = 28`]);
    const broken = await runCli(['audit', 'verify', '--json'], env);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, entriesChecked: 2, startedAfter: 25, firstBreak: { position: 28, reason: 'edited' } });
  }, 120_000);

  it('checks ranges in worker threads in the compiled build, with the report of one walk', async () => {
    const workerFile = path.join(ROOT, 'dist', 'src', 'audit', 'verify-worker.js');
    expect(existsSync(workerFile)).toBe(true);
    const compiled = require(path.join(ROOT, 'dist', 'src', 'audit', 'create-audit.js')) as { createAudit: typeof createAudit };
    const signingKey = { dataDir: env.DATA_DIR! };
    const inThreads = await compiled.createAudit(db.dataSource, { signingKey }).verify({ workers: 3, ranges: 3 });
    const oneWalk = await createAudit(db.dataSource, { signingKey }).verify({ workers: 1 });
    expect({ ...inThreads, ms: 0 }).toEqual({ ...oneWalk, ms: 0 });
    expect(inThreads.firstBreak).toMatchObject({ position: 28, reason: 'edited' });
  }, 60_000);
});

describe('tessera audit: rotating the signing key, and files it cannot use (CLI)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let rotated: Record<string, string>;
  let dir: string;
  let checkpointDir: string;
  const newKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const file = (name: string) => path.join(dir, name);
  const noTrace = (res: { stderr: string }) => expect(res.stderr).not.toMatch(/\n\s+at /);

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-rotation-'));
    checkpointDir = path.join(dir, 'checkpoints');
    env = { DATABASE_URL: db.url, DATA_DIR: path.join(dir, 'data'), NODE_ENV: 'development', AUDIT_CHECKPOINT_DIR: checkpointDir };
    rotated = { ...env, AUDIT_SIGNING_KEY: newKey };
    await createAudit(db.dataSource, { signingKey: { privateKey } }).log.append(Array.from({ length: 6 }, (_, i) => access(i)));
  }, 180_000);
  afterAll(async () => db.drop());

  it('verifies across a rotation done as documented: retired keys from AUDIT_PUBLIC_KEYS_FILE, or public keys only for an outside auditor', async () => {
    // 1. a last checkpoint with the old key (here the development key), and its public half kept
    expect((await runCli(['audit', 'checkpoint'], env)).code).toBe(0);
    const old = await runCli(['audit', 'public-key'], env);
    await writeFile(file('old.pem'), old.stdout);
    // 2. the new key in AUDIT_SIGNING_KEY; the log goes on and is signed with it
    await createAudit(db.dataSource, { signingKey: { privateKey: newKey } }).log.append([access(7), access(8)]);
    expect((await runCli(['audit', 'checkpoint'], rotated)).code).toBe(0);
    const current = await runCli(['audit', 'public-key'], rotated);
    await writeFile(file('new.pem'), current.stdout);
    const oldId = old.stderr.trim().replace('key id ', '');

    // without the retired key the old checkpoint cannot be trusted, and the report says how to give it
    const unknown = await runCli(['audit', 'verify'], rotated);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(new RegExp(`signed by unknown key ${oldId} .*--public-key or AUDIT_PUBLIC_KEYS_FILE`));
    const configured = await runCli(['audit', 'verify'], { ...rotated, AUDIT_PUBLIC_KEYS_FILE: file('old.pem') });
    expect(configured).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: 8 entries checked \(from genesis\), 2 checkpoints/) });

    // an outside auditor: no private key, no configuration, only the published public keys
    const auditor = { DATABASE_URL: db.url, DATA_DIR: path.join(dir, 'auditor'), NODE_ENV: 'development' };
    const both = await runCli(['audit', 'verify', '--public-key', file('old.pem'), '--public-key', file('new.pem'), '--checkpoint-dir', checkpointDir], auditor);
    expect(both).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: 8 entries checked \(from genesis\), 2 checkpoints/) });
    await writeFile(file('keys.pem'), `${old.stdout}${current.stdout}`);
    expect((await runCli(['audit', 'verify', '--public-key', file('keys.pem')], auditor)).code).toBe(0);
    expect((await runCli(['audit', 'verify', '--public-key', file('new.pem')], auditor)).code).toBe(1);

    // the server's accessLogVerification uses the same configuration
    const config = loadConfig({ ...rotated, AUDIT_PUBLIC_KEYS_FILE: file('old.pem') });
    const runtime = await openRuntime(config, createLogger('silent'));
    try {
      expect(await runtime.services.audit.verify()).toMatchObject({ ok: true, entriesChecked: 8, checkpointsChecked: 2 });
    } finally {
      await runtime.close();
    }
  }, 120_000);

  it('documents --public-key in verify --help', async () => {
    const help = await runCli(['audit', 'verify', '--help'], env);
    expect(help.stdout).toMatch(/--public-key <file> +trust checkpoints signed with the Ed25519 public/);
    expect(help.stdout).not.toContain('default: []');
  });

  it('refuses a key or checkpoint file it cannot use in one line naming the file, with exit 2 (a broken chain is 1)', async () => {
    await writeFile(file('private.pem'), newKey);
    await writeFile(file('junk.pem'), 'not a key\n');
    const refusals: [string[], Record<string, string>, RegExp][] = [
      [['audit', 'verify', '--public-key', file('private.pem')], env, /^error: --public-key \S+private\.pem holds a private key: give its public key instead/],
      [['audit', 'verify', '--public-key', file('junk.pem')], env, /^error: --public-key \S+junk\.pem holds no public key/],
      [['audit', 'verify', '--public-key', file('missing.pem')], env, /^error: --public-key \S+missing\.pem cannot be read: ENOENT/],
      [['audit', 'checkpoint', '--key-file', file('old.pem')], env, /^error: --key-file \S+old\.pem holds a public key; it takes the Ed25519 private key/],
      [['audit', 'public-key', '--key-file', file('junk.pem')], env, /^error: --key-file \S+junk\.pem is not an Ed25519 private key/],
      [['audit', 'verify'], { ...env, AUDIT_PUBLIC_KEYS_FILE: file('private.pem') }, /AUDIT_PUBLIC_KEYS_FILE \S+private\.pem holds a private key/],
    ];
    for (const [args, environment, message] of refusals) {
      const res = await runCli(args, environment);
      expect({ args, code: res.code }).toEqual({ args, code: 2 });
      expect(res.stderr).toMatch(message);
      noTrace(res);
    }

    for (const [name, text, why] of [
      ['checkpoint-1.json', '{not json', 'it is not JSON'],
      ['checkpoint-x.json', '{}', 'it has no position'],
    ]) {
      const copy = await mkdtemp(path.join(dir, 'copy-'));
      await cp(checkpointDir, copy, { recursive: true });
      await writeFile(path.join(copy, name), text);
      const res = await runCli(['audit', 'verify', '--public-key', file('keys.pem'), '--checkpoint-dir', copy], env);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(new RegExp(`^error: checkpoint file ${path.join(copy, name).replace(/[.]/g, '\\.')} is not a checkpoint: ${why}[^\\n]*\\n$`));
    }
  }, 120_000);
});
