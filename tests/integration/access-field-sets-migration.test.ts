import { generateKeyPairSync } from 'node:crypto';
import { AccessFieldSets1765150000000 } from '../../migrations/1765150000000-AccessFieldSets';
import { createAudit } from '../../src/audit/create-audit';
import { fieldSetOf } from '../../src/audit/field-set';
import { hashEntry } from '../../src/audit/hash-chain';
import { normaliseRecord } from '../../src/audit/normalise-entry';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ALICE = '11111111-1111-4111-8111-111111111111';

/** Entries written before 1765150000000 (fields inline) keep their hashes and get their fields from sets. */
describe('migration 1765150000000: field sets out of existing entries', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('moves every entry to its set, keeps the chain verifiable and the fields readable', async () => {
    const migration = new AccessFieldSets1765150000000();
    const runner = db.dataSource.createQueryRunner();
    await migration.down(runner); // back to inline fields and the 12-argument appender
    const sets = [
      { 'Customer.displayName': 'allowed', 'ProfileEmail.value': 'masked' },
      { 'Customer.sourceRecords': 'denied' },
    ] as const;
    const entries = Array.from({ length: 6 }, (_, i) =>
      normaliseRecord({ requestId: `r${i}`, actor: 'a', roles: ['support_agent'], purpose: 'p', customerIds: [ALICE], fields: { ...sets[i % 2] }, outcome: 'ok' }),
    );
    let prev = '0'.repeat(64);
    for (const [i, e] of entries.entries()) {
      const hash = hashEntry(prev, e);
      await runner.query(
        `INSERT INTO access_log (position, at, request_id, actor, roles, purpose, customer_ids, fields, outcome, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::jsonb, $9, $10, $11)`,
        [i + 1, e.at, e.requestId, e.actor, e.roles, e.purpose, e.customerIds, JSON.stringify(e.fields), e.outcome, prev, hash],
      );
      prev = hash;
    }
    await migration.up(runner);
    await runner.release();

    const stored: { id: string }[] = await db.dataSource.query(`SELECT id FROM access_field_set ORDER BY id`);
    expect(stored.map((s) => s.id)).toEqual(sets.map((s) => fieldSetOf(s).id).sort());
    const rows: { field_set: string; fields: Record<string, string> }[] = await db.dataSource.query(
      `SELECT field_set, fields FROM access_log_with_fields ORDER BY position`,
    );
    expect(rows.map((r) => r.fields)).toEqual(entries.map((e) => e.fields));
    expect(rows.map((r) => r.field_set)).toEqual(entries.map((e) => fieldSetOf(e.fields).id));

    const audit = createAudit(db.dataSource, { signingKey: { privateKey } });
    await audit.log.append([{ requestId: 'after', actor: 'a', roles: ['support_agent'], purpose: 'p', customerIds: [ALICE], fields: { ...sets[0] }, outcome: 'ok' }]);
    expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 7, firstBreak: null });
  });
});
