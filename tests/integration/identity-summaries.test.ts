// Customer summaries (list name, search text) in full runs: recomputed for every customer when the list-name
// rules (or the summary code) changed since the last full run, otherwise only for the customers the run
// changed. On a real store, counted through the run's progress and the rows PostgreSQL rewrote.
import type { ListNames } from '../../src/identity/display-name';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { ResolutionStoreRepository } from '../../src/identity/resolution-store.repository';
import { ResolveRepository } from '../../src/identity/resolve.repository';
import { ResolveService, type ResolveOptions } from '../../src/identity/resolve.service';
import type { ProgressEvent } from '../../src/shared/progress';
import { insertPersonPopulation } from '../setup/person-population';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertPersonPopulation(db.dataSource, 200, 5, 'p');
});
afterAll(async () => db.drop());

function resolverWith(listNames?: ListNames): ResolveService {
  return new ResolveService(new ResolveRepository(db.dataSource), new ResolutionStoreRepository(db.dataSource, undefined, undefined, listNames), {
    ...DEFAULT_IDENTITY_CONFIG,
    defaultRegion: 'US',
  });
}

/** Names the list after the alphabetically last of its records' last names, upper-cased: easy to tell apart. */
const shouting = (rules: string): ListNames => ({
  nameOf: (records) => records.map((r) => r.lastName ?? '').sort().at(-1)?.toUpperCase(),
  rules,
});

/** Runs and returns how many customer summaries the run recomputed (the summaries phase's total). */
async function summariesOf(resolver: ResolveService, options: ResolveOptions = { full: true }): Promise<number> {
  const events: ProgressEvent[] = [];
  await resolver.resolve({ ...options, onProgress: (e) => events.push(e) });
  return events.filter((e) => e.phase === 'summaries').at(-1)!.total!;
}

const customerCount = async () => (await db.dataSource.query('SELECT count(*)::int AS n FROM customer'))[0].n as number;
const rowVersions = () => db.dataSource.query('SELECT id, xmin::text AS version FROM customer ORDER BY id');

describe('customer summaries in a full run', () => {
  it('the first run computes every summary; a full run that changes nothing recomputes and rewrites none', async () => {
    const resolver = resolverWith();
    expect(await summariesOf(resolver, {})).toBe(await customerCount());
    const before = await rowVersions();
    expect(await summariesOf(resolver)).toBe(0);
    expect(await rowVersions()).toEqual(before);
  });

  it('a renamed record: only its customer is recomputed, and its search text has the new name', async () => {
    const [{ customer_id: customer }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE external_id = 'p-7'`);
    await db.dataSource.query(
      `UPDATE source_record SET person = person || '{"lastName": "Zbigniewska"}', content_hash = md5(random()::text) WHERE external_id = 'p-7'`,
    );
    // a full run while the change is queued, as `resolve --full` does
    expect(await summariesOf(resolverWith())).toBeGreaterThanOrEqual(1);
    const [{ customer_id: now }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE external_id = 'p-7'`);
    const [summary] = await db.dataSource.query('SELECT search_text FROM customer WHERE id = $1', [now]);
    expect(summary.search_text).toContain('zbigniewska');
    // the customer it left (if it moved) lost it
    const [left] = await db.dataSource.query('SELECT search_text FROM customer WHERE id = $1', [customer]);
    if (customer !== now && left) expect(left.search_text).not.toContain('zbigniewska');
    expect(await summariesOf(resolverWith())).toBe(0);
  });

  it('a deleted record: its customer is recomputed without it by a full run', async () => {
    // an email some but not all of a customer's records hold: the customer stays, without it
    const [{ customer_id: customer, email }] = await db.dataSource.query(
      `SELECT r.customer_id, r.person -> 'emails' ->> 0 AS email FROM source_record r
       WHERE jsonb_array_length(r.person -> 'emails') > 0
         AND EXISTS (SELECT FROM source_record o WHERE o.customer_id = r.customer_id
                       AND NOT coalesce(o.person -> 'emails', '[]') ? (r.person -> 'emails' ->> 0))
       ORDER BY r.id LIMIT 1`,
    );
    const [{ n: holders }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM source_record WHERE customer_id = $1 AND person -> 'emails' ? $2`,
      [customer, email],
    );
    await db.dataSource.query(
      `UPDATE source_record SET deleted_at = now(), content_hash = md5(random()::text) WHERE customer_id = $1 AND person -> 'emails' ? $2`,
      [customer, email],
    );
    expect(holders).toBeGreaterThan(0);
    expect(await summariesOf(resolverWith())).toBeGreaterThanOrEqual(1);
    const [summary] = await db.dataSource.query(
      `SELECT c.search_text FROM customer c JOIN source_record r ON r.customer_id = c.id AND r.deleted_at IS NULL
       WHERE c.id = $1 LIMIT 1`,
      [customer],
    );
    expect(summary.search_text).not.toContain(email.toLowerCase());
  });

  it('new list-name rules: the next full run recomputes every customer once, then only what changes', async () => {
    const rules = resolverWith(shouting('v1'));
    expect(await summariesOf(rules)).toBe(await customerCount());
    const [{ n: shouted }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer WHERE display_name = upper(display_name) AND display_name <> ''`);
    expect(shouted).toBeGreaterThan(0);
    expect(await summariesOf(rules)).toBe(0);
    // other rules text: everyone again
    expect(await summariesOf(resolverWith(shouting('v2')))).toBe(await customerCount());
  });

  it('an incremental run under other rules than the stored ones makes the next full run recompute everyone, even with the stored rules', async () => {
    const stored = resolverWith(shouting('v5'));
    expect(await summariesOf(stored)).toBe(await customerCount());
    // the server under other rules renames the customer a change touches
    const other: ListNames = { nameOf: () => 'OTHER RULES', rules: 'v6' };
    await db.dataSource.query(`UPDATE source_record SET person = person || '{"firstName": "Philippa"}', content_hash = md5(random()::text) WHERE external_id = 'p-11'`);
    expect(await summariesOf(resolverWith(other), {})).toBeGreaterThanOrEqual(1);
    // a full run under the stored rules names everyone by them again
    expect(await summariesOf(stored)).toBe(await customerCount());
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer WHERE display_name = 'OTHER RULES'`);
    expect(n).toBe(0);
    expect(await summariesOf(stored)).toBe(0);
  });

  it('an incremental run under new rules leaves the next full run to recompute everyone', async () => {
    const rules = resolverWith(shouting('v3'));
    await db.dataSource.query(`UPDATE source_record SET person = person || '{"firstName": "Ottoline"}', content_hash = md5(random()::text) WHERE external_id = 'p-9'`);
    expect(await summariesOf(rules, {})).toBeGreaterThanOrEqual(1);
    expect(await summariesOf(rules)).toBe(await customerCount());
    // and back to the records' own names (no rules): everyone once more
    expect(await summariesOf(resolverWith())).toBe(await customerCount());
    const [{ n: shouted }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM customer c WHERE c.display_name <> '' AND NOT EXISTS (
         SELECT FROM source_record r WHERE r.customer_id = c.id
           AND c.display_name = coalesce(nullif(trim(concat_ws(' ', r.person ->> 'firstName', r.person ->> 'lastName')), ''), r.person ->> 'fullName'))`,
    );
    expect(shouted).toBe(0);
  });
});
