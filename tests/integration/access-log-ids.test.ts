import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AccessRecord } from '../../src/audit/access-entry';
import { AccessLogRepository } from '../../src/audit/access-log.repository';
import { createAudit, type Audit } from '../../src/audit/create-audit';
import { hashEntry } from '../../src/audit/hash-chain';
import { normaliseRecord } from '../../src/audit/normalise-entry';
import { pgArrayLiteral } from '../../src/db/pg-array';
import { serialiseEntry } from '../../src/audit/hash-chain';
import { fieldSetOf } from '../../src/audit/field-set';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const FIELDS = Object.freeze({ 'Query.segment': 'allowed', 'Segment.members': 'allowed', 'Customer.id': 'allowed' } as const);

function record(requestId: string, customerIds: string[]): AccessRecord {
  return { requestId, actor: 'auditor-test', roles: ['admin'], purpose: 'administration', client: 'jest', operationName: 'segmentExport x', customerIds, fields: FIELDS, outcome: 'ok' };
}

/** Migration 1765400000000: a batch's ids travel as one binary uuid[], serialisations as a binary text[]. */
describe('access_log_append with binary ids', () => {
  let db: TestDatabase;
  let audit: Audit;
  const repo = new AccessLogRepository();
  beforeAll(async () => {
    db = await createTestDatabase();
    audit = createAudit(db.dataSource, { signingKey: { privateKey } });
  });
  afterAll(async () => db.drop());

  it('stores each entry its own ids (none, one, a thousand, unsorted and upper-case), hashed as documented and found per customer', async () => {
    const part = Array.from({ length: 1000 }, () => randomUUID()).sort();
    const messy = [randomUUID().toUpperCase(), part[3]!, randomUUID(), part[3]!];
    const records = [record('none', []), record('one', [part[0]!]), record('part', part), record('messy', messy), record('after', [part[999]!])];
    const written = await audit.log.append(records);
    await Promise.all([audit.log.record(record('buffered-1', part.slice(0, 500))), audit.log.record(record('buffered-2', part.slice(500)))]);

    const stored = await repo.after(db.dataSource, 0, 100);
    expect(stored.map((e) => e.requestId)).toEqual(['none', 'one', 'part', 'messy', 'after', 'buffered-1', 'buffered-2']);
    const expected = [...records, record('buffered-1', part.slice(0, 500)), record('buffered-2', part.slice(500))].map((r) => normaliseRecord(r).customerIds);
    expect(stored.map((e) => e.customerIds)).toEqual(expected);
    for (const e of stored) expect(e.hash).toBe(hashEntry(e.prevHash, e));
    expect(written.map((e) => e.hash)).toEqual(stored.slice(0, 5).map((e) => e.hash));
    expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 7 });

    const whoAccessed = async (id: string) => (await audit.queries.page({ customerId: id }, 50)).entries.map((e) => e.requestId).sort();
    expect(await whoAccessed(part[3]!)).toEqual(['buffered-1', 'messy', 'part']);
    expect(await whoAccessed(part[999]!.toUpperCase())).toEqual(['after', 'buffered-2', 'part']);
    expect(await whoAccessed(messy[0]!)).toEqual(['messy']);
  });

  it('returns each entry its own position and hash, also across 9 → 10; odd strings stored as hashed (quotes, backslashes, control characters, non-ASCII, nulls)', async () => {
    const before = (await repo.head(db.dataSource)).position;
    expect(before).toBe(7); // positions 8, 9 and 10: as text, "10" sorts first
    const odd: AccessRecord[] = [
      { ...record('odd-1', [randomUUID()]), actor: 'zoë "the auditor" \\ ünïcødé 😀', client: 'curl/8.0\t\n\u0001', operationName: null, queryHash: null, outcome: 'error' },
      { ...record('odd-2', []), roles: ['support', 'admin', 'admin'], purpose: 'a "purpose", with {braces}', outcome: 'partial "x" \\ y' },
      { ...record('odd-3', [randomUUID()]), fields: { 'Customer.email': 'masked', 'Customer.id': 'allowed' } },
    ];
    const written = await audit.log.append(odd);
    const stored = await repo.after(db.dataSource, before, 10);
    expect(stored.map(({ position, prevHash, hash, ...e }) => e)).toEqual(odd.map((r, i) => normaliseRecord(r, new Date(written[i]!.at))));
    for (const e of stored) expect(e.hash).toBe(hashEntry(e.prevHash, e));
    expect(written.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('writes the id index without a pending list (migration 1765400000001): no merge under the chain lock', async () => {
    const [{ options }] = await db.dataSource.query(`SELECT reloptions AS options FROM pg_class WHERE relname = 'access_log_customer_idx'`);
    expect(options).toContain('fastupdate=off');
  });

  it('refuses an entry whose id is not canonical before anything is stored', async () => {
    const entry = { ...normaliseRecord(record('bad', [randomUUID()])), customerIds: ['not-a-uuid'] };
    await expect(repo.append(db.dataSource, [entry])).rejects.toThrow(/not a canonical uuid/);
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM access_log WHERE request_id = 'bad'`);
    expect(count).toBe(0);
  });

  it('chains with the previous release’s function (text literals), so both can append during a rolling deploy', async () => {
    const entry = normaliseRecord(record('old-appender', [randomUUID(), randomUUID()]));
    const set = fieldSetOf(entry.fields);
    const before = (await repo.head(db.dataSource)).position;
    await db.dataSource.query(
      `SELECT * FROM access_log_append($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])`,
      [[entry.at], [entry.requestId], [entry.actor], [pgArrayLiteral(entry.roles)], [entry.purpose], [entry.client], [entry.operationName], [entry.queryHash],
        [pgArrayLiteral(entry.customerIds)], [set.id], [entry.outcome], [serialiseEntry(entry)], [set.id], [JSON.stringify(set.fields)], [pgArrayLiteral(set.decisions)]],
    );
    await audit.log.append([record('new-appender', [randomUUID()])]);
    const stored = await repo.after(db.dataSource, before, 10);
    expect(stored.map((e) => e.requestId)).toEqual(['old-appender', 'new-appender']);
    expect(stored[0]!.customerIds).toEqual(entry.customerIds);
    expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: before + 2 });
  });

  it('stores a batch’s new field set once, skips the stored ones, and plans its statements once (migration 1766100000000)', async () => {
    const fresh = Object.freeze({ 'Customer.id': 'allowed', 'Customer.phone': 'pseudonymised' } as const);
    const before = (await repo.head(db.dataSource)).position;
    const setsBefore = await db.dataSource.query(`SELECT id, fields::text AS fields FROM access_field_set ORDER BY id`);
    await audit.log.append([record('known-set', [randomUUID()]), { ...record('new-set', [randomUUID()]), fields: fresh }, { ...record('new-set-again', []), fields: fresh }]);
    const setsAfter = await db.dataSource.query(`SELECT id, fields::text AS fields FROM access_field_set ORDER BY id`);
    const added = setsAfter.filter((s: { id: string }) => !setsBefore.some((b: { id: string }) => b.id === s.id));
    expect(added).toEqual([{ id: fieldSetOf(fresh).id, fields: JSON.stringify(fresh).replace(/":"/g, '": "').replace(/","/g, '", "') }]);
    // the sets that were there are unchanged
    expect(setsAfter.filter((s: { id: string }) => setsBefore.some((b: { id: string }) => b.id === s.id))).toEqual(setsBefore);
    const stored = await repo.after(db.dataSource, before, 10);
    expect(stored.map((e) => [e.requestId, e.fields])).toEqual([
      ['known-set', FIELDS],
      ['new-set', fresh],
      ['new-set-again', fresh],
    ]);
    const [{ config }] = await db.dataSource.query(
      `SELECT proconfig AS config FROM pg_proc WHERE proname = 'access_log_append' AND pronargs = 17`,
    );
    expect(config).toEqual(['plan_cache_mode=force_generic_plan']);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });
});
