import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../../src/api/auth/tokens';
import { importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

type Role = 'admin' | 'support_agent' | 'marketing' | 'analyst' | 'auditor' | 'customer';
const token = (role: Role, purpose?: string, subject?: string) => signToken(TEST_TOKENS, { role, purpose, subject: subject ?? `${role}-1` });
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

const SEGMENT = `id name status version size purpose
  explanation { consentChannel fatigueDays matched withoutConsent fatigued members entered left rules }`;
const CREATE = `mutation($input: CreateSegmentInput!) { createSegment(input: $input) { ${SEGMENT} } }`;
const MEMBERS = `query($id: ID!, $first: Int, $after: String) { segment(id: $id) { size
  members(first: $first, after: $after) { edges { cursor node { id displayName } } pageInfo { hasNextPage endCursor } } } }`;
const CHANGES = `query($id: ID!, $since: DateTimeISO!, $after: String) { segment(id: $id) {
  changes(since: $since, first: 50, after: $after) { edges { cursor node { customerId change at } } pageInfo { hasNextPage endCursor } } } }`;

/** Segments through GraphQL on the imported fixture company: membership, governance, changes, policy. */
describe('segments', () => {
  let db: TestDatabase;
  let app: TestApp;
  let dir: string;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    // traits and profile attributes, as an import with resolution leaves them (importAndResolve, the CLI)
    await db.services.metrics.recompute();
    for (const [key, source, ext] of [
      ['bob', 'salesforce', '003A'],
      ['ana', 'salesforce', '003B'],
      ['test', 'salesforce', '003C'],
      ['carol', 'salesforce', '003D'],
      ['dan', 'zendesk', '503'],
    ] as const) {
      const [row] = await db.dataSource.query('SELECT customer_id FROM source_record WHERE source = $1 AND external_id = $2', [source, ext]);
      id[key] = row.customer_id;
    }
    app = await startTestApp(db);
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-segments-'));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const create = async (input: Record<string, unknown>, bearer = token('marketing')) => {
    const res = await app.graphql(CREATE, { input }, bearer);
    expect(res.errors).toBeUndefined();
    return res.data!.createSegment;
  };
  const membersOf = async (segmentId: string, bearer = token('marketing')) => {
    const res = await app.graphql(MEMBERS, { id: segmentId, first: 100 }, bearer);
    expect(res.errors).toBeUndefined();
    return res.data!.segment.members.edges.map((e: any) => e.node.id).sort();
  };
  const importShop = async (name: string, lines: object[]) => {
    const file = path.join(dir, name);
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    await db.services.importer.run({ source: 'shop', format: 'ndjson', location: file });
    await db.services.resolver.resolve();
  };

  it('computes membership of the imported company, governed by the purpose: no consent, no membership', async () => {
    const segment = await create({ name: 'CRM contacts', definition: { source: { system: 'crm' } } });
    // CRM contacts: Bob, Ana (opted out), the placeholder test person, Carol
    expect(segment.explanation).toMatchObject({ consentChannel: 'email', fatigueDays: 7, matched: 4, withoutConsent: 1, fatigued: 0, members: 3, entered: 3, left: 0 });
    expect(segment.explanation.rules).toEqual([
      'definition: 4 customers match',
      'consent: 1 without email consent excluded',
      'contact fatigue: 0 contacted or surveyed in the last 7 days excluded',
      'members: 3',
    ]);
    expect(segment).toMatchObject({ status: 'active', version: 1, size: 3, purpose: 'marketing_email' });
    expect(await membersOf(segment.id)).toEqual([id.bob, id.test, id.carol].sort());

    const admin = await create({ name: 'CRM contacts (all)', definition: { source: { system: 'crm' } } }, token('admin'));
    expect(admin.explanation).toMatchObject({ consentChannel: null, matched: 4, withoutConsent: 0, members: 4 });
    expect(admin.explanation.rules[1]).toBe('consent: not required for this purpose');
  });

  it('agrees with the TypeScript consent rule for every customer and channel', async () => {
    const customers: { id: string }[] = await db.dataSource.query('SELECT id FROM customer');
    for (const channel of ['email', 'direct mail', 'sms']) {
      const preview = await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d, sample: 20) { count sample { id } } }`, { d: { consent: { channel } } }, token('admin'));
      expect(preview.errors).toBeUndefined();
      const bySql = preview.data!.previewSegment.sample.map((c: any) => c.id).sort();
      // the profile loader decides consent in TypeScript (privacy/consent.ts) for a consent-bound caller
      const { hasConsent } = await import('../../src/privacy/consent');
      const { consentsOf } = await import('../../src/profile/channel-views');
      const bundles = await db.services.customers.bundles(customers.map((c) => c.id), 0);
      const byTs = bundles.filter((b) => hasConsent(consentsOf(b.records), channel)).map((b) => b.customerId).sort();
      expect(bySql).toEqual(byTs);
    }
  });

  it('previews a tree with events, counts and a masked sample without storing anything', async () => {
    const definition = { and: [{ event: { type: 'email_opened', withinDays: 3650 } }, { not: { profile: { attribute: 'country', op: 'eq', value: 'es' } } }] };
    const res = await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d) { count explanation { matched members } sample { id displayName } } }`, { d: definition }, token('marketing'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.previewSegment).toEqual({ count: 1, explanation: { matched: 1, members: 1 }, sample: [{ id: id.bob, displayName: 'R. S.' }] });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM segment WHERE definition = $1`, [JSON.stringify(definition)]);
    expect(n).toBe(0);
  });

  it('pages members by keyset with the caller’s masking, and the access log names who was read', async () => {
    const segment = await create({ name: 'Everyone with an email', definition: { profile: { attribute: 'email', op: 'isNotNull' } } }, token('admin'));
    const all = await membersOf(segment.id, token('admin'));
    expect(all.length).toBe(segment.size);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: any = await app.graphql(MEMBERS, { id: segment.id, first: 2, after }, token('admin', undefined, 'pager-1'));
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.segment.members.edges.map((e: any) => e.node.id));
      after = res.data.segment.members.pageInfo.hasNextPage ? res.data.segment.members.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all);
    await db.services.audit.log.flush();
    const logged: { ids: string[] }[] = await db.dataSource.query(`SELECT customer_ids::text[] AS ids FROM access_log WHERE actor = 'pager-1' ORDER BY position`);
    expect(logged.flatMap((l) => l.ids).sort()).toEqual(all);

    const masked = await app.graphql(MEMBERS, { id: segment.id, first: 100 }, token('analyst'));
    expect(masked.errors).toBeUndefined();
    const bob = masked.data!.segment.members.edges.find((e: any) => e.node.id === id.bob);
    expect(bob.node.displayName).toBe('R. S.'); // Robert Smith, the golden name
  });

  it('logs who entered and left, incrementally, as imports change the data', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    await importShop('orders-1.ndjson', [{ type: 'interaction', id: 'ORD-100', personId: 'SHOP-1', occurredAt: daysAgo(3), channel: 'store', action: 'order_placed', summary: 'Order ORD-100' }]);
    const segment = await create({ name: 'Recent buyers', definition: { event: { type: 'order_placed', withinDays: 30 } } }, token('admin'));
    expect(segment.explanation).toMatchObject({ matched: 1, members: 1, entered: 1 });
    const first = await app.graphql(CHANGES, { id: segment.id, since }, token('admin'));
    expect(first.data!.segment.changes.edges.map((e: any) => [e.node.customerId, e.node.change])).toEqual([[id.bob, 'entered']]);
    const cursor = first.data!.segment.changes.pageInfo.endCursor;

    // a second buyer appears; the first order is deleted at the source
    await importShop('orders-2.ndjson', [
      { type: 'person', id: 'SHOP-9', updatedAt: daysAgo(1), name: { first: 'Zoe', last: 'Quinn' }, emails: ['zoe@example.org'], phones: [], addresses: [], identifiers: [] },
      { type: 'interaction', id: 'ORD-101', personId: 'SHOP-9', occurredAt: daysAgo(1), channel: 'store', action: 'order_placed', summary: 'Order ORD-101' },
      { type: 'interaction', id: 'ORD-100', personId: 'SHOP-1', occurredAt: daysAgo(3), channel: 'store', action: 'order_placed', summary: 'Order ORD-100', deleted: true },
    ]);
    const refreshed = await app.graphql(`mutation($id: ID!) { refreshSegment(id: $id) { explanation { members entered left } } }`, { id: segment.id }, token('admin'));
    expect(refreshed.data!.refreshSegment.explanation).toEqual({ members: 1, entered: 1, left: 1 });
    const [{ customer_id: zoe }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'shop' AND external_id = 'SHOP-9'`);
    const next = await app.graphql(CHANGES, { id: segment.id, since, after: cursor }, token('admin'));
    expect(next.data!.segment.changes.edges.map((e: any) => [e.node.customerId, e.node.change]).sort()).toEqual([[id.bob, 'left'], [zoe, 'entered']].sort());
    expect(next.data!.segment.changes.pageInfo.hasNextPage).toBe(false);
    // a refresh that changes nothing logs nothing
    await app.graphql(`mutation($id: ID!) { refreshSegment(id: $id) { id } }`, { id: segment.id }, token('admin'));
    const none = await app.graphql(CHANGES, { id: segment.id, since, after: next.data!.segment.changes.pageInfo.endCursor }, token('admin'));
    expect(none.data!.segment.changes.edges).toEqual([]);
  });

  it('excludes customers contacted or surveyed within the fatigue window', async () => {
    const segment = await create({ name: 'Subscribers', definition: { source: { system: 'marketing' } } });
    expect(segment.explanation).toMatchObject({ matched: 2, withoutConsent: 1, fatigued: 0, members: 1 });
    const activity = path.join(dir, 'activity.json');
    await writeFile(activity, JSON.stringify({ member_activity: [{ email_id: 'm-bob', list_id: 'list-1', activity: [{ action: 'sent', timestamp: daysAgo(2), campaign_id: 'c9', title: 'Summer' }] }] }));
    await db.services.importer.run({ source: 'mailchimp', format: 'mailchimp-json', location: activity });
    const res = await app.graphql(`mutation($id: ID!) { refreshSegment(id: $id) { size explanation { matched withoutConsent fatigued members left rules } } }`, { id: segment.id }, token('marketing'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.refreshSegment).toMatchObject({ size: 0, explanation: { matched: 2, withoutConsent: 1, fatigued: 1, members: 0, left: 1 } });
    expect(res.data!.refreshSegment.explanation.rules[2]).toBe('contact fatigue: 1 contacted or surveyed in the last 7 days excluded');
  });

  it('refuses a condition on a field the caller may not read, by path', async () => {
    const res = await app.graphql(CREATE, { input: { name: 'Big spenders', definition: { and: [{ consent: { channel: 'email' } }, { trait: { name: 'lifetimeValue', op: 'gt', value: 1000 } }] } } }, token('marketing'));
    expect(res.errors![0]).toMatchObject({
      message: 'not allowed by the privacy policy for role marketing and purpose marketing_email: and[1].trait: reads trait lifetimeValue (financial is denied for this caller)',
      extensions: { code: 'POLICY_DENIED' },
    });
    expect((res as any).status).toBe(403); // as every other policy refusal
    await db.services.audit.log.flush();
    const [entry] = await db.dataSource.query(`SELECT outcome FROM access_log WHERE actor = 'marketing-1' ORDER BY position DESC LIMIT 1`);
    expect(entry.outcome).toBe('denied');
  });

  it('refuses membership to a caller who could not have built the segment', async () => {
    const segment = await create({ name: 'Born in the 80s', definition: { profile: { attribute: 'birthDate', op: 'between', value: ['1980-01-01', '1989-12-31'] } } }, token('admin'));
    expect(segment.size).toBe(2);
    const res = await app.graphql(MEMBERS, { id: segment.id }, token('analyst'));
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect(res.errors![0].message).toContain('profile: reads ProfileDate.value (identity is masked to year for this caller)');
    // marketing may not read an audience that was not governed by its consent channel
    const byYear = await create({ name: 'Born before 1990', definition: { profile: { attribute: 'birthYear', op: 'lt', value: 1990 } } }, token('admin'));
    const refused = await app.graphql(MEMBERS, { id: byYear.id }, token('marketing'));
    expect(refused.errors![0].message).toContain('purpose marketing_email needs email consent, and this segment is governed for no consent');
    expect((await app.graphql(MEMBERS, { id: byYear.id }, token('support_agent'))).errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
  });

  it('accepts the README and docs example for marketing', async () => {
    const definition = {
      and: [
        { event: { type: 'email_opened', atLeast: 2, withinDays: 30 } },
        { not: { event: { type: 'ticket_reopened', withinDays: 90 } } },
        { trait: { name: 'experienceScore', op: 'gte', value: 50 } },
      ],
    };
    const res = await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d) { count explanation { rules } } }`, { d: definition }, token('marketing'));
    expect(res.errors).toBeUndefined();
    const docs = { and: [{ profile: { attribute: 'country', op: 'in', value: ['GB', 'IE'] } }, ...definition.and] };
    expect((await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d) { count } }`, { d: docs }, token('marketing'))).errors).toBeUndefined();
  });

  it('profile conditions read customer_attributes, which equals the person records it is projected from', async () => {
    // the reading of the records' JSON that conditions used before the projection, as the oracle
    const oracle = async (where: string, params: unknown[] = []) =>
      (await db.dataSource.query(`SELECT DISTINCT p.customer_id AS id FROM source_record p
        WHERE p.customer_id IS NOT NULL AND p.person IS NOT NULL AND p.deleted_at IS NULL AND ${where} ORDER BY 1`, params)).map((r: any) => r.id);
    const addresses = (test: string) => `EXISTS (SELECT 1 FROM jsonb_array_elements(p.person -> 'addresses') x(v) WHERE ${test})`;
    const cases: [object, string[]][] = [
      [{ attribute: 'email', op: 'isNotNull' }, await oracle(`EXISTS (SELECT 1 FROM jsonb_array_elements_text(p.person -> 'emails') x(v) WHERE lower(btrim(x.v)) ~ '^[^@[:space:]]+@[^@[:space:].]+(\\.[^@[:space:].]+)+$')`)],
      [{ attribute: 'phone', op: 'isNotNull' }, await oracle(`EXISTS (SELECT 1 FROM jsonb_array_elements_text(p.person -> 'phones') x(v) WHERE length(regexp_replace(x.v, '[^0-9]', '', 'g')) >= 4)`)],
      [{ attribute: 'country', op: 'in', value: ['United States', ' ES '] }, await oracle(addresses(`canonical_country(x.v ->> 'country') = ANY($1)`), [['US', 'ES']])],
      [{ attribute: 'city', op: 'eq', value: 'MADRID' }, await oracle(addresses(`lower(btrim(x.v ->> 'city')) = 'madrid'`))],
      [{ attribute: 'postcode', op: 'eq', value: '941 10' }, await oracle(addresses(`upper(regexp_replace(x.v ->> 'postcode', '[[:space:]]', '', 'g')) = '94110'`))],
      [{ attribute: 'birthDate', op: 'lt', value: '1985-01-01' }, await oracle(`segment_birth_date(p.person ->> 'birthDate') < '1985-01-01'`)],
      [{ attribute: 'birthYear', op: 'in', value: [1980, 1988] }, await oracle(`extract(year FROM segment_birth_date(p.person ->> 'birthDate')) IN (1980, 1988)`)],
    ];
    for (const [profile, expected] of cases) {
      expect(expected.length).toBeGreaterThan(0);
      const preview = await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d, sample: 20) { count sample { id } } }`, { d: { profile } }, token('admin'));
      expect(preview.errors).toBeUndefined();
      expect([preview.data!.previewSegment.count, preview.data!.previewSegment.sample.map((c: any) => c.id).sort()]).toEqual([expected.length, expected]);
    }
    // source membership is projected too (sources, record_kinds)
    const [{ source }] = await db.dataSource.query(`SELECT min(source) AS source FROM source_record WHERE person IS NOT NULL AND customer_id IS NOT NULL`);
    const sources: [object, string[]][] = [
      [{ system: 'support' }, await oracle(`p.entity = 'user'`)],
      [{ system: 'crm' }, await oracle(`p.entity = 'contact'`)],
      [{ name: source }, await oracle(`p.source = $1`, [source])],
    ];
    for (const [condition, expected] of sources) {
      expect(expected.length).toBeGreaterThan(0);
      const preview = await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d, sample: 20) { count sample { id } } }`, { d: { source: condition } }, token('admin'));
      expect([preview.data!.previewSegment.count, preview.data!.previewSegment.sample.map((c: any) => c.id).sort()]).toEqual([expected.length, expected]);
    }
    const everyone: { id: string }[] = await db.dataSource.query('SELECT id FROM customer');
    const noEmail = await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d, sample: 0) { count } }`, { d: { profile: { attribute: 'email', op: 'isNull' } } }, token('admin'));
    expect(noEmail.data!.previewSegment.count).toBe(everyone.length - cases[0]![1].length);
  });

  it('event conditions read customer_journey_event, which holds every live journey event of each customer', async () => {
    const byRecords = await db.dataSource.query(`SELECT e.id::text AS event, p.customer_id AS customer FROM journey_event e
      JOIN source_record r ON r.id = e.record_id AND r.deleted_at IS NULL
      JOIN source_record p ON p.id = r.person_record_id AND p.deleted_at IS NULL AND p.person IS NOT NULL
      WHERE p.customer_id IS NOT NULL ORDER BY 1`);
    const projected = await db.dataSource.query(`SELECT event_id::text AS event, customer_id AS customer FROM customer_journey_event ORDER BY 1`);
    expect(byRecords.length).toBeGreaterThan(10);
    expect(projected).toEqual(byRecords);
  });

  it('keeps profile attributes current: an import that moves a customer abroad moves their segments', async () => {
    const segment = await create({ name: 'Portugal', definition: { profile: { attribute: 'country', op: 'eq', value: 'PT' } } }, token('admin'));
    expect(segment.size).toBe(0);
    const file = path.join(dir, 'moved.ndjson');
    await writeFile(file, JSON.stringify({ type: 'person', id: 'SHOP-PT', updatedAt: daysAgo(0), name: { first: 'Rui', last: 'Costa' }, emails: ['rui@example.pt'], phones: [], addresses: [{ city: 'Lisboa', country: 'pt' }], identifiers: [] }));
    await db.services.importAndResolve({ source: 'shop', format: 'ndjson', location: file });
    const [{ customer_id: rui }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'shop' AND external_id = 'SHOP-PT'`);
    const [attributes] = await db.dataSource.query('SELECT countries, cities, has_email FROM customer_attributes WHERE customer_id = $1', [rui]);
    expect(attributes).toEqual({ countries: ['pt'], cities: ['lisboa'], has_email: true });
    const refreshed = await app.graphql(`mutation($id: ID!) { refreshSegment(id: $id) { size } }`, { id: segment.id }, token('admin'));
    expect(refreshed.data!.refreshSegment.size).toBe(1);
    // a record imported without the recompute still counts at the next refresh (it works the queue off first)
    await writeFile(file, JSON.stringify({ type: 'person', id: 'SHOP-PT2', updatedAt: daysAgo(0), name: { first: 'Ines', last: 'Moura' }, emails: [], phones: [], addresses: [{ country: 'PT' }], identifiers: [] }));
    await db.services.importer.run({ source: 'shop', format: 'ndjson', location: file });
    await db.services.resolver.resolve();
    const again = await app.graphql(`mutation($id: ID!) { refreshSegment(id: $id) { size } }`, { id: segment.id }, token('admin'));
    expect(again.data!.refreshSegment.size).toBe(2);
  });

  it('a refresh that outlasts the wait goes on in the background; the segment reads as refreshing until it commits', async () => {
    const { createSegments } = await import('../../src/segments/create-segments');
    const { loadPolicy } = await import('../../src/privacy/default-policy');
    const { fieldShapesOf } = await import('../../src/api/graphql/privacy/field-shapes');
    const { buildTesseraSchema } = await import('../../src/api/graphql/schema');
    const failures: unknown[] = [];
    const segments = createSegments(db.dataSource, { policy: loadPolicy(fieldShapesOf(await buildTesseraSchema())), refreshWaitMs: 0, onBackgroundError: (_, e) => failures.push(e) });
    const caller = { subject: 'admin-1', roles: ['admin'], purpose: 'administration', purposes: ['administration'] };
    const created = await segments.service.create(caller, { name: 'Background', definition: { source: { system: 'crm' } } });
    expect(created.explanation).toBeNull();
    expect(segments.service.isRefreshing(created.id)).toBe(true);
    while (segments.service.isRefreshing(created.id)) await new Promise((r) => setTimeout(r, 10));
    expect((await segments.service.get(created.id))!.explanation).toMatchObject({ matched: 4, members: 4, entered: 4 });
    expect(failures).toEqual([]);
    const read = await app.graphql(`query($id: ID!) { segment(id: $id) { refreshing size } }`, { id: created.id }, token('admin'));
    expect(read.data!.segment).toEqual({ refreshing: false, size: 4 });
  });

  it('reports invalid definitions with every problem and its path', async () => {
    const res = await app.graphql(CREATE, { input: { name: 'Broken', definition: { or: [{ trait: { name: 'csatt', op: 'gt', value: 1 } }, { event: { type: 'email_opened' } }] } } }, token('admin'));
    expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_DEFINITION' });
    expect(res.errors![0].message).toBe(
      'invalid segment definition: or[0].trait: unknown trait "csatt"; did you mean "csat"?; or[1].event: withinDays must be a whole number of days from 1 to 3650, got nothing',
    );
  });

  it('updates with a version check, archives (everyone leaves) and lists', async () => {
    const segment = await create({ name: 'Spain', definition: { profile: { attribute: 'country', op: 'eq', value: 'ES' } } }, token('admin'));
    expect(segment.size).toBe(1);
    const stale = await app.graphql(`mutation($id: ID!) { updateSegment(id: $id, input: { name: "Spain and US" }, expectedVersion: 7) { id } }`, { id: segment.id }, token('admin'));
    expect(stale.errors![0].message).toBe('the segment is at version 1, not 7');
    const updated = await app.graphql(
      `mutation($id: ID!, $d: JSONObject!) { updateSegment(id: $id, input: { name: "Spain and US", definition: $d }, expectedVersion: 1) { name version size } }`,
      { id: segment.id, d: { profile: { attribute: 'country', op: 'in', value: ['ES', 'us'] } } },
      token('admin'),
    );
    expect(updated.data!.updateSegment).toEqual({ name: 'Spain and US', version: 2, size: 3 });
    const archived = await app.graphql(`mutation($id: ID!) { archiveSegment(id: $id) { status size explanation { members entered left } } }`, { id: segment.id }, token('admin'));
    // the explanation says what the archiving did: the three members left (not what the last refresh did)
    expect(archived.data!.archiveSegment).toEqual({ status: 'archived', size: 0, explanation: { members: 0, entered: 0, left: 3 } });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM segment_change WHERE segment_id = $1 AND change = 'left'`, [segment.id]);
    expect(n).toBe(3);
    const list = await app.graphql(`{ segments(status: archived) { edges { node { name } } } }`, undefined, token('analyst'));
    expect(list.data!.segments.edges.map((e: any) => e.node.name)).toEqual(['Spain and US']);
    const dup = await app.graphql(CREATE, { input: { name: 'crm contacts', definition: { source: { system: 'crm' } } } }, token('admin'));
    expect(dup.errors![0].message).toBe('an active segment already has this name');
    expect((await app.graphql(CREATE, { input: { name: 'x', definition: { source: { system: 'crm' } } } }, token('analyst'))).errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
  });

  it('a customer who is erased leaves every segment with a change row', async () => {
    const segment = await create({ name: 'Ana', definition: { source: { name: 'salesforce' } } }, token('admin'));
    expect(await membersOf(segment.id, token('admin'))).toContain(id.ana);
    const res = await app.graphql(`mutation($id: ID!) { eraseCustomer(customerId: $id, reason: "test") }`, { id: id.ana }, token('admin'));
    expect(res.errors).toBeUndefined();
    const rows = await db.dataSource.query(`SELECT change FROM segment_change WHERE segment_id = $1 AND customer_id = $2 ORDER BY id`, [segment.id, id.ana]);
    expect(rows.map((r: any) => r.change)).toEqual(['entered', 'left']);
    expect(await membersOf(segment.id, token('admin'))).not.toContain(id.ana);
  });
});
