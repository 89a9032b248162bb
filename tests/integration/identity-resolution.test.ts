import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { IdentityError } from '../../src/identity/identity-error';
import { importCompany } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

type Person = Record<string, unknown>;

async function ndjson(people: Person[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-identity-'));
  const file = path.join(dir, 'people.ndjson');
  await writeFile(file, people.map((p) => JSON.stringify({ type: 'person', updatedAt: '2024-06-01T10:00:00Z', ...p })).join('\n'));
  return file;
}

async function recordId(db: TestDatabase, source: string, externalId: string): Promise<string> {
  const [row] = await db.dataSource.query('SELECT id::text AS id FROM source_record WHERE source = $1 AND external_id = $2', [source, externalId]);
  return row.id;
}

/** record id → customer id for every live person record. */
async function customerOfRecords(db: TestDatabase): Promise<Map<string, string>> {
  const rows: { id: string; customer_id: string }[] = await db.dataSource.query(
    'SELECT id::text AS id, customer_id FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL ORDER BY id',
  );
  return new Map(rows.map((r) => [r.id, r.customer_id]));
}

/** Clusters as sorted lists of record ids, independent of the ids the customers carry. */
function partition(customerOf: Map<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [record, customer] of customerOf) groups.set(customer, [...(groups.get(customer) ?? []), record]);
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

async function storedLinks(db: TestDatabase) {
  return db.dataSource.query('SELECT record_a::text, record_b::text, decision, rule, round(probability::numeric, 9) AS p FROM identity_link ORDER BY 1, 2');
}

describe('identity resolution with the probabilistic engine', () => {
  let db: TestDatabase;
  let ids: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    const { resolution } = await importCompany(db.services);
    expect(resolution).toMatchObject({ mode: 'full', records: 10 });
    ids = {};
    for (const [key, source, ext] of [
      ['bobSf', 'salesforce', '003A'], ['bobZd', 'zendesk', '501'], ['bobMc', 'mailchimp', 'm-bob'], ['bobShop', 'shop', 'SHOP-1'],
      ['anaSf', 'salesforce', '003B'], ['anaZd', 'zendesk', '502'], ['anaMc', 'mailchimp', 'm-ana'],
      ['carol', 'salesforce', '003D'], ['dan', 'zendesk', '503'], ['junk', 'salesforce', '003C'], ['ticket', 'zendesk', '9001'],
    ] as const) ids[key] = await recordId(db, source, ext);
  });
  afterAll(async () => db.drop());

  it('resolves the company: one customer per person, family and junk kept apart, rules named', async () => {
    const customerOf = await customerOfRecords(db);
    const bob = customerOf.get(ids.bobSf!);
    expect([ids.bobZd, ids.bobMc, ids.bobShop].map((id) => customerOf.get(id!))).toEqual([bob, bob, bob]);
    expect(customerOf.get(ids.anaZd!)).toBe(customerOf.get(ids.anaSf!));
    expect(customerOf.get(ids.anaMc!)).toBe(customerOf.get(ids.anaSf!));
    expect(customerOf.get(ids.carol!)).not.toBe(customerOf.get(ids.dan!));
    expect(new Set(customerOf.values()).size).toBe(5);
    const [links] = await db.services.identity.linksOfCustomers([bob!]);
    expect(links!.every((l) => l.decision === 'match' && l.customerA === bob && l.customerB === bob)).toBe(true);
    expect(links!.map((l) => l.rule)).toContain('exact_identifier');
    expect(links!.map((l) => l.rule)).toContain('exact_email');
    const [history] = await db.services.identity.historyOfCustomers([bob!]);
    expect(history).toEqual([expect.objectContaining({ kind: 'created', actor: 'system', recordIds: expect.arrayContaining([ids.bobSf, ids.bobShop]) })]);
  });

  it('keeps every id across incremental and full re-runs with nothing changed', async () => {
    const before = await customerOfRecords(db);
    const links = await storedLinks(db);
    const again = await db.services.resolver.resolve();
    expect(again).toMatchObject({ mode: 'incremental', resolvedRecords: 0, created: 0, merged: 0, moved: 0 });
    const full = await db.services.resolver.resolve({ full: true });
    expect(full).toMatchObject({ mode: 'full', resolvedRecords: 10, created: 0, merged: 0, moved: 0 });
    expect(await customerOfRecords(db)).toEqual(before);
    expect(await storedLinks(db)).toEqual(links);
  });

  it('explains a pair: evidence lines add up to the total, with the decision and the rule that made it', async () => {
    const same = await db.services.identity.explain(ids.bobSf!, ids.bobZd!);
    const sum = same.evidence.reduce((s, e) => s + e.weight, 0);
    expect(sum).toBeCloseTo(same.totalWeight, 9);
    expect(same.probability).toBeCloseTo(1 / (1 + 2 ** -same.totalWeight), 12);
    expect(same.evidence.map((e) => e.attribute)).toEqual(['prior', 'first_name', 'last_name', 'birth_date', 'email', 'phone', 'address', 'identifier']);
    expect(same.evidence.find((e) => e.attribute === 'identifier')).toMatchObject({ level: 'exact' });
    expect(same).toMatchObject({ decision: 'match', rule: 'exact_identifier', stored: true, thresholds: { match: 0.95, review: 0.5 } });
    expect(same.customerA).toBe(same.customerB);

    const family = await db.services.identity.explain(ids.dan!, ids.carol!);
    expect(family.recordA).toBe(ids.dan);
    expect(family.evidence.find((e) => e.attribute === 'first_name')).toMatchObject({ level: 'else', left: 'dan', right: 'carol' });
    expect(family.evidence.some((e) => e.attribute === 'family')).toBe(true);
    expect(family.evidence.reduce((s, e) => s + e.weight, 0)).toBeCloseTo(family.totalWeight, 9);
    expect(family.decision).toBe('no_match');
    expect(family.rule).toMatch(/below_review_threshold/);
  });

  it('refuses bad requests with a domain error', async () => {
    const { identity } = db.services;
    await expect(identity.explain(ids.bobSf!, ids.bobSf!)).rejects.toMatchObject({ code: 'SAME_RECORD' });
    await expect(identity.explain(ids.bobSf!, '999999999')).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    await expect(identity.link(ids.bobSf!, ids.ticket!, 'agent', 'x')).rejects.toMatchObject({ code: 'NOT_A_PERSON' });
    await expect(identity.split('abc', 'agent', 'x')).rejects.toBeInstanceOf(IdentityError);
    await expect(identity.split(ids.junk!, 'agent', 'x')).rejects.toMatchObject({ code: 'NOTHING_TO_SPLIT' });
    await expect(identity.link(ids.carol!, ids.dan!, ' ', 'x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(identity.reviewQueue(0)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(identity.reviewQueue(5, 'garbage')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'invalid cursor' });
  });

  it('resolves a new and a changed record incrementally, touching no other customer', async () => {
    const before = await customerOfRecords(db);
    const file = await ndjson([
      // Changed: SHOP-1 is now someone else entirely.
      { id: 'SHOP-1', name: { first: 'Zofia', last: 'Quist' }, emails: ['zofia.quist@mail.com'], phones: [], addresses: [], identifiers: [] },
      // New: Ana under a new shop account, same email.
      { id: 'SHOP-2', name: { first: 'Ana', last: 'Garcia' }, emails: ['ana.garcia@outlook.com'], phones: [], addresses: [], identifiers: [] },
    ]);
    await db.services.importer.run({ source: 'shop', format: 'ndjson', location: file });
    const run = await db.services.resolver.resolve();
    expect(run.mode).toBe('incremental');
    expect(run.resolvedRecords).toBeLessThan(run.records);
    const after = await customerOfRecords(db);
    const shop1 = await recordId(db, 'shop', 'SHOP-1');
    const shop2 = await recordId(db, 'shop', 'SHOP-2');
    expect(after.get(shop2)).toBe(before.get(ids.anaSf!));
    expect(after.get(shop1)).not.toBe(before.get(ids.bobSf!));
    for (const [record, customer] of before) if (record !== shop1) expect(after.get(record)).toBe(customer);
    const [bobHistory] = await db.services.identity.historyOfCustomers([before.get(ids.bobSf!)!]);
    expect(bobHistory!.map((e) => e.kind)).toEqual(['created', 'split']);
    const [anaHistory] = await db.services.identity.historyOfCustomers([before.get(ids.anaSf!)!]);
    expect(anaHistory!.at(-1)).toMatchObject({ kind: 'linked', relatedCustomerId: null, recordIds: [shop2] });
  });

  it('a full rebuild yields the same clusters, ids and pairs as the incremental runs', async () => {
    const incremental = await customerOfRecords(db);
    const links = await storedLinks(db);
    const full = await db.services.resolver.resolve({ full: true });
    expect(full).toMatchObject({ created: 0, merged: 0, moved: 0 });
    expect(await customerOfRecords(db)).toEqual(incremental);
    expect(await storedLinks(db)).toEqual(links);
  });

  it('a human link merges two customers: the surviving id stays, the other becomes an alias, later runs keep it', async () => {
    const before = await customerOfRecords(db);
    const carolId = before.get(ids.carol!)!;
    const danId = before.get(ids.dan!)!;
    const result = await db.services.identity.link(ids.carol!, ids.dan!, 'agent:7', 'same person, confirmed by phone');
    const [merged] = result.customerIds;
    expect(result.customerIds).toEqual([merged, merged]);
    expect([carolId, danId]).toContain(merged);
    const absorbed = merged === carolId ? danId : carolId;
    expect(await db.dataSource.query('SELECT customer_id FROM customer_alias WHERE alias_id = $1', [absorbed])).toEqual([{ customer_id: merged }]);
    const [history] = await db.services.identity.historyOfCustomers([merged!]);
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ customerId: merged, kind: 'merged', relatedCustomerId: absorbed, actor: 'agent:7', reason: 'same person, confirmed by phone' }),
        expect.objectContaining({ customerId: absorbed, kind: 'absorbed', relatedCustomerId: merged }),
      ]),
    );
    const explained = await db.services.identity.explain(ids.carol!, ids.dan!);
    expect(explained).toMatchObject({ decision: 'linked', rule: 'manual_link', humanDecision: { kind: 'link', actor: 'agent:7' } });
    for (const options of [{}, { full: true }]) {
      await db.services.resolver.resolve(options);
      const now = await customerOfRecords(db);
      expect(now.get(ids.carol!)).toBe(merged);
      expect(now.get(ids.dan!)).toBe(merged);
    }
    // Unrelated customers never changed id.
    const now = await customerOfRecords(db);
    for (const [record, customer] of before) if (customer !== carolId && customer !== danId) expect(now.get(record)).toBe(customer);
  });

  it('a human split mints a new id with lineage, and later runs keep the record apart', async () => {
    const before = await customerOfRecords(db);
    const bobId = before.get(ids.bobSf!)!;
    const result = await db.services.identity.split(ids.bobMc!, 'agent:7', 'a different Bob');
    const [newId] = result.customerIds;
    expect(result.remainingCustomerId).toBe(bobId);
    expect(newId).not.toBe(bobId);
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM customer WHERE id = $1', [newId])).toEqual([{ n: 1 }]);
    const [bobHistory, newHistory] = await db.services.identity.historyOfCustomers([bobId, newId!]);
    expect(bobHistory!.at(-1)).toMatchObject({ kind: 'split', relatedCustomerId: newId, recordIds: [ids.bobMc], actor: 'agent:7', reason: 'a different Bob' });
    expect(newHistory).toEqual([expect.objectContaining({ kind: 'split_from', relatedCustomerId: bobId, recordIds: [ids.bobMc] })]);
    for (const options of [{}, { full: true }]) {
      await db.services.resolver.resolve(options);
      const now = await customerOfRecords(db);
      expect(now.get(ids.bobMc!)).toBe(newId);
      expect(now.get(ids.bobSf!)).toBe(bobId);
    }
    const [links] = await db.services.identity.linksOfCustomers([newId!]);
    // Bob has two other records left (SHOP-1 became someone else above).
    expect(links!.filter((l) => l.decision === 'split').map((l) => [l.recordA, l.recordB].sort())).toEqual([[ids.bobSf, ids.bobMc].sort(), [ids.bobZd, ids.bobMc].sort()]);
  });

  it('a deleted record leaves its customer; an emptied customer goes, with lineage', async () => {
    const before = await customerOfRecords(db);
    const zofiaId = before.get(await recordId(db, 'shop', 'SHOP-1'))!;
    await db.services.importer.run({
      source: 'shop',
      format: 'ndjson',
      location: await ndjson([{ id: 'SHOP-1', deleted: true, name: { first: 'Zofia', last: 'Quist' }, emails: [], phones: [], addresses: [], identifiers: [] }]),
    });
    const run = await db.services.resolver.resolve();
    expect(run).toMatchObject({ mode: 'incremental', removed: 1 });
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM customer WHERE id = $1', [zofiaId])).toEqual([{ n: 0 }]);
    const [history] = await db.services.identity.historyOfCustomers([zofiaId]);
    expect(history!.at(-1)).toMatchObject({ kind: 'emptied' });
    const partitionNow = partition(await customerOfRecords(db));
    await db.services.resolver.resolve({ full: true });
    expect(partition(await customerOfRecords(db))).toEqual(partitionNow);
  });

  it('an incremental run reads its work from the queue and keeps the counts a recount gives', async () => {
    const dan = ids.dan!;
    await db.dataSource.query(`UPDATE source_record SET person = person || '{"lastName": "Dannerby"}', content_hash = 'changed-by-test' WHERE id = $1`, [dan]);
    expect(await db.dataSource.query('SELECT record_id::text AS id FROM identity_pending')).toEqual([{ id: dan }]);
    const run = await db.services.resolver.resolve();
    expect(run).toMatchObject({ mode: 'incremental' });
    expect(run.resolvedRecords).toBeGreaterThan(0);
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM identity_pending')).toEqual([{ n: 0 }]);
    const [real] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL) AS records, (SELECT count(*)::int FROM customer) AS customers`,
    );
    expect({ records: run.records, customers: run.customers }).toEqual(real);
    const [{ search_text }] = await db.dataSource.query('SELECT c.search_text FROM customer c JOIN source_record r ON r.customer_id = c.id WHERE r.id = $1', [dan]);
    expect(search_text).toContain('dannerby');
  });
});

describe('the review queue', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('lists borderline pairs left apart, by impact, keyset-paginated; a decision takes a pair off it', async () => {
    // Per family: M1 and M2 share an email (one customer); M3 has the name and a birth year only, in the
    // review band with M2 and below it with M1, so it cannot join without transitivity.
    const people = (suffix: string, email: string, phone: string, born: [string, string]) => [
      { id: `M1${suffix}`, name: { first: 'Maria', last: `Lopez${suffix}` }, emails: [email], phones: [phone], addresses: [], identifiers: [] },
      { id: `M2${suffix}`, name: { first: 'Maria', last: `Lopez${suffix}` }, emails: [email], phones: [], birthDate: born[0], addresses: [], identifiers: [] },
      { id: `M3${suffix}`, name: { first: 'Maria', last: `Lopez${suffix}` }, emails: [], phones: [], birthDate: born[1], addresses: [], identifiers: [] },
    ];
    await db.services.importer.run({
      source: 'shop',
      format: 'ndjson',
      location: await ndjson([...people('', 'maria.lopez@mail.com', '+1 415 555 0199', ['1990-02-03', '1990']), ...people('ova', 'mlopezova@mail.com', '+1 415 555 0142', ['1985-07-21', '1985']), { id: 'M4ova', name: { first: 'Maria', last: 'Lopezova' }, emails: ['mlopezova@mail.com'], phones: [], addresses: [], identifiers: [] }]),
    });
    await db.services.resolver.resolve();
    const m3 = await recordId(db, 'shop', 'M3');
    const m2 = await recordId(db, 'shop', 'M2');
    const pair = await db.services.identity.explain(m2, m3);
    expect(pair.probability).toBeGreaterThanOrEqual(0.5);
    expect(pair.probability).toBeLessThan(0.95);
    expect(pair).toMatchObject({ decision: 'review', rule: 'review_band', stored: true });

    const all = await db.services.identity.reviewQueue(100);
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const impacts = all.items.map((i) => i.impact);
    expect([...impacts].sort((a, b) => b - a)).toEqual(impacts);
    // The larger customer first: a decision there moves more records.
    expect(all.items[0]).toMatchObject({ recordA: await recordId(db, 'shop', 'M2ova'), recordB: await recordId(db, 'shop', 'M3ova'), impact: 4 });
    expect(all.items.map((i) => `${i.recordA}-${i.recordB}`)).toContain(`${m2}-${m3}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await db.services.identity.reviewQueue(1, after);
      seen.push(...page.items.map((i) => `${i.recordA}-${i.recordB}`));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(seen).toEqual(all.items.map((i) => `${i.recordA}-${i.recordB}`));

    const linked = await db.services.identity.link(m2, m3, 'reviewer', 'same birth year, same name, confirmed');
    expect(new Set(linked.customerIds).size).toBe(1);
    const rest = await db.services.identity.reviewQueue(100);
    expect(rest.items.map((i) => `${i.recordA}-${i.recordB}`)).not.toContain(`${m2}-${m3}`);
    expect(rest.items.length).toBe(all.items.length - 1);
  });
});

describe('blocking keys of key version 4 and same-letter addresses, against PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  const person = (id: string, first: string, last: string, extra: Person = {}) =>
    ({ id, name: { first, last }, emails: [], phones: [], addresses: [], identifiers: [], ...extra });

  async function sharedKeys(a: string, b: string): Promise<number> {
    const [row] = await db.dataSource.query(
      'SELECT count(*)::int AS n FROM identity_block_key x JOIN identity_block_key y USING (key_hash) WHERE x.record_id = $1 AND y.record_id = $2',
      [a, b],
    );
    return row.n;
  }

  it('compares a mistyped surname through its first three letters incrementally as in a full run, and no longer a shared birth date alone', async () => {
    await db.services.importer.run({
      source: 'crm',
      format: 'ndjson',
      location: await ndjson([
        person('H1', 'Jacob', 'Hughes', { birthDate: '1948-10-18', emails: ['jacob.hughes@mail.com'] }),
        person('B1', 'Anna', 'Berg', { birthDate: '1980-05-07' }),
        person('B2', 'Alice', 'Brown', { birthDate: '1980-05-07' }),
      ]),
    });
    expect(await db.services.resolver.resolve()).toMatchObject({ mode: 'full' });
    // Same birth date and initials, nothing else: no shared key (the birth-date and initials keys are gone).
    expect(await sharedKeys(await recordId(db, 'crm', 'B1'), await recordId(db, 'crm', 'B2'))).toBe(0);

    // A typo late in the surname, nothing but the name and birth date: the birth-date key found it before,
    // now the three-letter name-and-year keys do (the surname, its soundex and the address keys all differ).
    await db.services.importer.run({ source: 'shop', format: 'ndjson', location: await ndjson([person('H2', 'Jacob', 'Hughe', { birthDate: '1948-10-18' })]) });
    expect(await db.services.resolver.resolve()).toMatchObject({ mode: 'incremental' });
    const [h1, h2] = [await recordId(db, 'crm', 'H1'), await recordId(db, 'shop', 'H2')];
    expect(await sharedKeys(h1, h2)).toBeGreaterThan(0);
    const [lo, hi] = Number(h1) < Number(h2) ? [h1, h2] : [h2, h1];
    const incremental = await db.dataSource.query('SELECT blocking_rule, decision FROM identity_link WHERE record_a = $1 AND record_b = $2', [lo, hi]);
    expect(incremental).toEqual([{ blocking_rule: 'i+pre3+by', decision: 'match' }]);
    const customers = await customerOfRecords(db);
    expect(customers.get(h2)).toBe(customers.get(h1));

    const links = await storedLinks(db);
    expect(await db.services.resolver.resolve({ full: true })).toMatchObject({ created: 0, merged: 0, moved: 0 });
    expect(await storedLinks(db)).toEqual(links);
  });

  it('explains two addresses with the same letters at two providers as same_local_letters', async () => {
    await db.services.importer.run({
      source: 'support',
      format: 'ndjson',
      location: await ndjson([
        person('M1', 'Megan', 'Brown', { emails: ['megan.brown80@gmx.de'] }),
        person('M2', 'Megan', 'Brown', { emails: ['meganbrown@gmail.com'] }),
        person('M3', 'Megan', 'Brown', { emails: ['mbrown@yahoo.com'] }),
      ]),
    });
    await db.services.resolver.resolve();
    const [m1, m2, m3] = [await recordId(db, 'support', 'M1'), await recordId(db, 'support', 'M2'), await recordId(db, 'support', 'M3')];
    const email = async (a: string, b: string) => (await db.services.identity.explain(a, b)).evidence.find((e) => e.attribute === 'email');
    expect(await email(m1, m2)).toMatchObject({ level: 'same_local_letters' });
    expect(await email(m1, m3)).toMatchObject({ level: 'else' });
    // Below 1,000 records the default model weighs them; shared letters count for more than different ones.
    expect((await email(m1, m2))!.weight).toBeGreaterThan((await email(m1, m3))!.weight);
  });
});
