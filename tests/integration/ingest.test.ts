import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FactsFollowOwningFact1766600000000 } from '../../migrations/1766600000000-FactsFollowOwningFact';
import { PayloadsWithoutEmptyValues1766600000001 } from '../../migrations/1766600000001-PayloadsWithoutEmptyValues';
import { contentHash } from '../../src/ingest/content-hash';
import { ImportError } from '../../src/ingest/import-error';
import { formatImportReport } from '../../src/ingest/import-report';
import { ticketsOf } from '../../src/profile/channel-views';
import { COMPANY_DIR, importCompany } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('import with lineage', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('stores every good record with lineage and rejects bad rows with file, line and reason', async () => {
    const { reports } = await importCompany(db.services);
    const sf = reports[0];
    expect(sf.files.map((f) => [f.file, f.inserted, f.rejected])).toEqual([
      ['Contact.csv', 4, 0],
      ['Account.csv', 2, 0],
      ['Opportunity.csv', 2, 1],
    ]);
    expect(sf.rejections).toEqual([{ file: 'Opportunity.csv', line: 4, reason: expect.stringMatching(/StageName/) }]);
    const zd = reports[1];
    expect(zd.rejections).toEqual([{ file: 'tickets.json', line: 4, reason: expect.stringMatching(/created_at/) }]);
    expect(reports[3].rejections).toEqual([{ file: 'people.ndjson', line: 3, reason: expect.stringMatching(/id/) }]);

    const [row] = await db.dataSource.query(
      `SELECT source, entity, external_id, payload, content_hash, first_seen_at, last_changed_at, source_changed_at, import_run_id
       FROM source_record WHERE source = 'salesforce' AND external_id = '003A'`,
    );
    expect(row).toMatchObject({ source: 'salesforce', entity: 'contact', external_id: '003A' });
    expect(row.payload.Email).toBe('bob.smith@gmail.com');
    expect(row.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.source_changed_at.toISOString()).toBe('2024-01-10T09:00:00.000Z');
    const [run] = await db.dataSource.query('SELECT status, inserted, rejected FROM import_run WHERE id = $1', [row.import_run_id]);
    expect(run).toEqual({ status: 'succeeded', inserted: 8, rejected: 1 });
    const rejections = await db.dataSource.query('SELECT file, line FROM import_rejection ORDER BY id');
    expect(rejections).toHaveLength(3);
  });

  it('links facts to their owners across files (tickets → users, metrics → tickets, activity → members)', async () => {
    const rows = await db.dataSource.query(
      `SELECT f.entity, f.external_id, p.external_id AS owner FROM source_record f JOIN source_record p ON p.id = f.person_record_id
       WHERE f.person IS NULL AND f.entity IN ('ticket', 'ticket_metrics', 'activity', 'interaction', 'opportunity') ORDER BY f.entity, f.external_id`,
    );
    expect(rows).toEqual([
      { entity: 'activity', external_id: 'm-bob:c1:click:2024-05-01T09:01:00Z', owner: 'm-bob' },
      { entity: 'activity', external_id: 'm-bob:c1:open:2024-05-01T09:00:00Z', owner: 'm-bob' },
      { entity: 'activity', external_id: 'm-bob:c1:sent:2024-05-01T08:00:00Z', owner: 'm-bob' },
      { entity: 'interaction', external_id: 'ORD-1', owner: 'SHOP-1' },
      { entity: 'opportunity', external_id: '006A', owner: '003A' },
      { entity: 'ticket', external_id: '9001', owner: '501' },
      { entity: 'ticket', external_id: '9002', owner: '501' },
      { entity: 'ticket', external_id: '9003', owner: '502' },
      { entity: 'ticket_metrics', external_id: '7001', owner: '501' },
      { entity: 'ticket_metrics', external_id: '7003', owner: '502' },
    ]);
  });

  it('is idempotent: importing the same files again changes nothing', async () => {
    const before = await db.dataSource.query('SELECT count(*)::int AS n, max(last_changed_at) AS at FROM source_record');
    const events = await db.dataSource.query('SELECT count(*)::int AS n FROM journey_event');
    const { reports } = await importCompany(db.services);
    for (const report of reports) {
      for (const f of report.files) expect({ file: f.file, inserted: f.inserted, updated: f.updated }).toEqual({ file: f.file, inserted: 0, updated: 0 });
    }
    expect(reports[0].files[0].unchanged).toBe(4);
    expect(await db.dataSource.query('SELECT count(*)::int AS n, max(last_changed_at) AS at FROM source_record')).toEqual(before);
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM journey_event')).toEqual(events);
  });

  it('updates a changed record in place, ignores an older copy, and marks deletions', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-ingest-'));
    await cp(path.join(COMPANY_DIR, 'salesforce', 'Contact.csv'), path.join(dir, 'Contact.csv'));
    const header =
      'Id,FirstName,LastName,Email,Phone,MobilePhone,MailingStreet,MailingCity,MailingState,MailingPostalCode,MailingCountry,Birthdate,AccountId,HasOptedOutOfEmail,Customer_Number__c,LastModifiedDate,IsDeleted';
    await writeFile(
      path.join(dir, 'Contact.csv'),
      [
        header,
        '003D,Carol,Jones-Smith,carol@family.net,,,,Austin,TX,73301,US,,001A,false,,2024-06-01T00:00:00.000Z,false',
        '003B,Ana,García,ana.old@outlook.com,,,,,,,,,001B,true,,2023-01-01T00:00:00.000Z,false',
        '003C,Test,Person,test@test.com,0000000000,,,,,,,,,false,,2024-07-01T00:00:00.000Z,true',
      ].join('\n'),
    );
    const report = await db.services.importer.run({ source: 'salesforce', format: 'salesforce-csv', location: path.join(dir, 'Contact.csv') });
    // each row once: 003D updated, 003B an older copy (unchanged), 003C deleted
    expect(report.files[0]).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, deleted: 1 });
    const rows = await db.dataSource.query(
      `SELECT external_id, person ->> 'lastName' AS last, person -> 'emails' AS emails, deleted_at IS NOT NULL AS deleted,
              first_seen_at < last_changed_at AS changed
       FROM source_record WHERE source = 'salesforce' AND entity = 'contact' ORDER BY external_id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ external_id: '003A', deleted: false, changed: false }),
      expect.objectContaining({ external_id: '003B', emails: ['ana.garcia@outlook.com'], deleted: false, changed: false }),
      expect.objectContaining({ external_id: '003C', deleted: true, changed: true }),
      expect.objectContaining({ external_id: '003D', last: 'Jones-Smith', deleted: false, changed: true }),
    ]);
  });

  it('moves a ticket\'s metrics with the ticket when it changes requester, and queues both customers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-move-'));
    const users = [
      { id: 501, name: 'Priya Movewell', email: 'priya.movewell@mail.test', updated_at: '2024-01-01T00:00:00Z' },
      { id: 503, name: 'Oskar Stayput', email: 'oskar.stayput@mail.test', updated_at: '2024-01-01T00:00:00Z' },
    ];
    const ticket = (requester: number, updatedAt: string) => ({
      tickets: [{ id: 9007, subject: 'Moved', status: 'solved', requester_id: requester, created_at: '2024-03-01T10:00:00Z', updated_at: updatedAt, solved_at: '2024-03-02T10:00:00Z' }],
    });
    const metrics = { ticket_metrics: [{ id: 7007, ticket_id: 9007, reopens: 0, replies: 2, assignee_stations: 3, group_stations: 2, updated_at: '2024-03-02T10:00:00Z' }] };
    await writeFile(path.join(dir, 'users.json'), JSON.stringify({ users }));
    await writeFile(path.join(dir, 'ticket_metrics.json'), JSON.stringify(metrics));
    await writeFile(path.join(dir, 'tickets.json'), JSON.stringify(ticket(503, '2024-03-02T10:00:00Z')));
    const run = (file: string) => db.services.importer.run({ source: 'zdmove', format: 'zendesk-json', location: path.join(dir, file) });
    // the metrics first: they wait for their ticket, then follow it to requester 503
    await run('ticket_metrics.json');
    await run('users.json');
    await run('tickets.json');
    await db.services.resolver.resolve();
    const customerOf = async (externalId: string): Promise<string> =>
      (await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'zdmove' AND entity = 'user' AND external_id = $1`, [externalId]))[0].customer_id;
    const [priya, oskar] = [await customerOf('501'), await customerOf('503')];
    const ownerOfMetrics = async () =>
      (await db.dataSource.query(
        `SELECT p.external_id AS owner FROM source_record m LEFT JOIN source_record p ON p.id = m.person_record_id
         WHERE m.source = 'zdmove' AND m.entity = 'ticket_metrics' AND m.external_id = '7007'`,
      ))[0].owner;
    expect(await ownerOfMetrics()).toBe('503');
    await db.services.metrics.recompute();

    await writeFile(path.join(dir, 'tickets.json'), JSON.stringify(ticket(501, '2024-04-01T10:00:00Z')));
    const moved = await run('tickets.json');
    expect(moved.files[0]).toMatchObject({ updated: 1 });
    expect(await ownerOfMetrics()).toBe('501');
    const queued = await db.dataSource.query(`SELECT customer_id FROM customer_metrics_dirty WHERE customer_id = ANY($1::uuid[]) ORDER BY customer_id`, [[priya, oskar]]);
    expect(queued.map((r: { customer_id: string }) => r.customer_id)).toEqual([priya, oskar].sort());
    await db.services.metrics.recompute();
    const [bundle] = await db.services.customers.bundles([priya], 0);
    expect(ticketsOf(bundle!.records).map((t) => [t.record.externalId, t.handoffs])).toEqual([['9007', 3]]);
    const traits = await db.dataSource.query(`SELECT customer_id, ticket_count, avg_handoffs::float AS handoffs FROM customer_metrics WHERE customer_id = ANY($1::uuid[])`, [[priya, oskar]]);
    expect(traits).toEqual(expect.arrayContaining([
      { customer_id: priya, ticket_count: 1, handoffs: 3 },
      { customer_id: oskar, ticket_count: 0, handoffs: null },
    ]));

    // moved to a requester not imported yet: the ticket and its metrics wait together, then follow on arrival
    await writeFile(path.join(dir, 'tickets.json'), JSON.stringify(ticket(504, '2024-05-01T10:00:00Z')));
    await run('tickets.json');
    expect(await ownerOfMetrics()).toBeNull();
    await writeFile(path.join(dir, 'users.json'), JSON.stringify({ users: [{ id: 504, name: 'Lena Late', email: 'lena.late@mail.test' }] }));
    await run('users.json');
    expect(await ownerOfMetrics()).toBe('504');

    // metrics left behind by a move imported before this release are put with their ticket by the migration
    await db.dataSource.query(
      `UPDATE source_record SET person_record_id = (SELECT id FROM source_record WHERE source = 'zdmove' AND entity = 'user' AND external_id = '503')
       WHERE source = 'zdmove' AND entity = 'ticket_metrics'`,
    );
    await db.services.metrics.recompute();
    const runner = db.dataSource.createQueryRunner();
    try {
      await new FactsFollowOwningFact1766600000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await ownerOfMetrics()).toBe('504');
    const requeued = await db.dataSource.query(`SELECT 1 FROM customer_metrics_dirty WHERE customer_id = $1`, [oskar]);
    expect(requeued).toHaveLength(1);
  });

  it('keeps records whose owner is not there yet, says how many wait and for whom, and links them when the owner arrives', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-waiting-'));
    await writeFile(path.join(dir, 'users.json'), JSON.stringify({ users: [{ id: 601, name: 'Wanda Present', email: 'wanda.present@mail.test' }] }));
    const ticket = (id: number, requester: number) => ({ id, subject: 'Hello', status: 'open', requester_id: requester, created_at: '2024-03-01T10:00:00Z' });
    await writeFile(path.join(dir, 'tickets.json'), JSON.stringify({ tickets: [ticket(9001, 601), ticket(9099, 699)] }));
    await writeFile(path.join(dir, 'ticket_metrics.json'), JSON.stringify({ ticket_metrics: [{ id: 7099, ticket_id: 9099, reopens: 0, replies: 1, assignee_stations: 1, group_stations: 1 }] }));
    const report = await db.services.importer.run({ source: 'zdwait', format: 'zendesk-json', location: dir });
    expect(report.files.map((f) => f.inserted)).toEqual([1, 2, 1]);
    expect(report.waiting).toEqual({
      records: 2,
      fromThisRun: 2,
      sample: [
        { entity: 'ticket', externalId: '9099', ownerEntity: 'user', ownerExternalId: '699', ownerStored: false },
        { entity: 'ticket_metrics', externalId: '7099', ownerEntity: 'ticket', ownerExternalId: '9099', ownerStored: true },
      ],
    });
    const text = formatImportReport(report);
    expect(text).toContain('\nwaiting for their owner (kept; linked when the owner is imported): 2 records of zdwait, all written by this run\n');
    expect(text).toContain('\n  ticket 9099 names user 699, not imported\n  ticket_metrics 7099 names ticket 9099, which waits for its own owner');

    const shop = path.join(dir, 'shop.ndjson');
    await writeFile(shop, [
      JSON.stringify({ type: 'person', id: 'APP-1', emails: ['app1@mail.test'] }),
      JSON.stringify({ type: 'interaction', id: 'EV-1', personId: 'APP-999', occurredAt: '2024-06-01T09:00:00Z', channel: 'app', action: 'login' }),
    ].join('\n'));
    const ndjson = await db.services.importer.run({ source: 'appwait', format: 'ndjson', location: shop });
    expect(ndjson.waiting).toEqual({ records: 1, fromThisRun: 1, sample: [{ entity: 'interaction', externalId: 'EV-1', ownerEntity: 'person', ownerExternalId: 'APP-999', ownerStored: false }] });

    // the same tickets again: still waiting, none of them written by this run
    const again = await db.services.importer.run({ source: 'zdwait', format: 'zendesk-json', location: path.join(dir, 'tickets.json') });
    expect(again.waiting).toMatchObject({ records: 2, fromThisRun: 0 });
    expect(formatImportReport(again)).toContain(': 2 records of zdwait, 0 written by this run\n');
    // the owner arrives: both are linked, nothing waits and the report says nothing about it
    await writeFile(path.join(dir, 'users.json'), JSON.stringify({ users: [{ id: 699, name: 'Walt Late', email: 'walt.late@mail.test' }] }));
    const late = await db.services.importer.run({ source: 'zdwait', format: 'zendesk-json', location: path.join(dir, 'users.json') });
    expect(late.linked).toBe(2);
    expect(late.waiting).toEqual({ records: 0, fromThisRun: 0, sample: [] });
    expect(formatImportReport(late)).not.toMatch(/waiting for their owner/);
  });

  it('an empty cell, a null or a missing field are the same content: an extra empty column changes nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-empty-'));
    const header = ['Id', 'FirstName', 'LastName', 'Email', 'MobilePhone', 'LastModifiedDate'];
    const rows = [
      ['E1', 'Erin', 'Empty', 'erin.empty@mail.test', '', '2024-01-01T00:00:00.000Z'],
      ['E2', 'Ezra', 'Empty', 'ezra.empty@mail.test', '+1 415 555 0100', '2024-01-01T00:00:00.000Z'],
      ['E3', 'Elsa', 'Empty', '', '', '2024-01-01T00:00:00.000Z'],
    ];
    const csv = (columns: string[], cells: string[][]) => [columns, ...cells].map((r) => r.join(',')).join('\n') + '\n';
    const contacts = path.join(dir, 'Contact.csv');
    const run = async (columns: string[], cells: string[][], source = 'sfempty') => {
      await writeFile(contacts, csv(columns, cells));
      return (await db.services.importer.run({ source, format: 'salesforce-csv', location: contacts })).files[0]!;
    };
    const stored = async (source = 'sfempty') =>
      db.dataSource.query(`SELECT external_id, payload, content_hash, last_changed_at FROM source_record WHERE source = $1 ORDER BY external_id`, [source]);
    expect(await run(header, rows)).toMatchObject({ inserted: 3 });
    const before = await stored();
    expect(before[0].payload).toEqual({ Id: 'E1', FirstName: 'Erin', LastName: 'Empty', Email: 'erin.empty@mail.test', LastModifiedDate: '2024-01-01T00:00:00.000Z' });
    await db.dataSource.query('DELETE FROM identity_pending');
    // the same export with one more column, empty everywhere
    expect(await run([...header, 'Description'], rows.map((r) => [...r, '']))).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await stored()).toEqual(before);
    expect(await db.dataSource.query('SELECT 1 FROM identity_pending')).toEqual([]);

    // records stored before this release: payload as read, empty cells and all, hashed so
    const asRead = (columns: string[], cells: string[]) => Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
    expect(await run(header, rows, 'sflegacy')).toMatchObject({ inserted: 3 });
    for (const cells of rows) {
      const payload = asRead(header, cells);
      await db.dataSource.query(`UPDATE source_record SET payload = $3, content_hash = $4 WHERE source = $1 AND external_id = $2`, [
        'sflegacy', cells[0], JSON.stringify(payload), contentHash(payload, false),
      ]);
    }
    // and one whose hash no import gave its payload: the migration leaves it alone
    await db.dataSource.query(`UPDATE source_record SET payload = payload || '{"Title": ""}' WHERE source = 'sfempty' AND external_id = 'E2'`);
    await db.services.resolver.resolve();
    await db.services.metrics.recompute();
    const legacy = await stored('sflegacy');
    const runner = db.dataSource.createQueryRunner();
    try {
      await new PayloadsWithoutEmptyValues1766600000001(1).up(runner);
    } finally {
      await runner.release();
    }
    // stored as an import stores them now, nothing else moved and nothing is queued
    const migrated = await stored('sflegacy');
    expect(migrated.map((r: { payload: unknown }) => r.payload)).toEqual(before.map((r: { payload: unknown }) => r.payload));
    expect(migrated.map((r: { content_hash: string }) => r.content_hash)).toEqual(before.map((r: { content_hash: string }) => r.content_hash));
    expect(migrated.map((r: { last_changed_at: Date }) => r.last_changed_at)).toEqual(legacy.map((r: { last_changed_at: Date }) => r.last_changed_at));
    expect(await db.dataSource.query('SELECT 1 FROM identity_pending')).toEqual([]);
    expect(await db.dataSource.query('SELECT 1 FROM customer_metrics_dirty')).toEqual([]);
    const stale = await db.dataSource.query(
      `SELECT r.external_id FROM source_record r JOIN identity_record s ON s.record_id = r.id WHERE r.source = 'sflegacy' AND s.content_hash <> r.content_hash`,
    );
    expect(stale).toEqual([]);
    expect((await db.services.resolver.resolve()).resolvedRecords).toBe(0);
    const [{ payload: untouched }] = await db.dataSource.query(`SELECT payload FROM source_record WHERE source = 'sfempty' AND external_id = 'E2'`);
    expect(untouched.Title).toBe('');
    const triggers = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'source_record'::regclass AND NOT tgisinternal AND tgenabled = 'D'`);
    expect(triggers).toEqual([{ n: 0 }]);
    expect(await run([...header, 'Description'], rows.map((r) => [...r, '']), 'sflegacy')).toMatchObject({ updated: 0, unchanged: 3 });
    // a real change is still one, and is stored without its empty cells
    const changed = rows.map((r) => (r[0] === 'E3' ? ['E3', 'Elsa', 'Empty', 'elsa@mail.test', '', '2024-02-01T00:00:00.000Z'] : r));
    expect(await run(header, changed, 'sflegacy')).toMatchObject({ updated: 1, unchanged: 2 });
    const [, , elsa] = await stored('sflegacy');
    expect(elsa.payload).toEqual({ Id: 'E3', FirstName: 'Elsa', LastName: 'Empty', Email: 'elsa@mail.test', LastModifiedDate: '2024-02-01T00:00:00.000Z' });

    // JSON: a null written out or left out is the same user
    const users = path.join(dir, 'users.json');
    await writeFile(users, JSON.stringify({ users: [{ id: 801, name: 'Nell Null', email: 'nell@mail.test', phone: null, external_id: null, organization_id: null }] }));
    expect((await db.services.importer.run({ source: 'zdnull', format: 'zendesk-json', location: users })).files[0]).toMatchObject({ inserted: 1 });
    await writeFile(users, JSON.stringify({ users: [{ id: 801, name: 'Nell Null', email: 'nell@mail.test' }] }));
    expect((await db.services.importer.run({ source: 'zdnull', format: 'zendesk-json', location: users })).files[0]).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('refuses, by line, a record whose text is not UTF-8 (a Latin-1 export), and keeps the others', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-latin1-'));
    const rows = ['Id,FirstName,LastName,Email,LastModifiedDate,IsDeleted', 'L1,Ann,Lee,ann.lee@mail.test,2025-01-01T00:00:00.000Z,false', 'L2,José,Müller,jose.m@mail.test,2025-01-01T00:00:00.000Z,false'];
    await writeFile(path.join(dir, 'Contact.csv'), Buffer.from(rows.join('\n') + '\n', 'latin1'));
    const report = await db.services.importer.run({ source: 'latin1crm', format: 'salesforce-csv', location: path.join(dir, 'Contact.csv') });
    expect(report.files[0]).toMatchObject({ inserted: 1, rejected: 1 });
    expect(report.rejections).toEqual([{ file: 'Contact.csv', line: 3, reason: expect.stringMatching(/not UTF-8.*export the file as UTF-8/) }]);
    const stored = await db.dataSource.query(`SELECT external_id FROM source_record WHERE source = 'latin1crm'`);
    expect(stored).toEqual([{ external_id: 'L1' }]);
  });

  it('refuses, by line, a record holding a NUL or half a surrogate pair, keeps the others, and stores a reason that quotes one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-nul-'));
    const person = (id: string, first: string) => JSON.stringify({ type: 'person', id, name: { first, last: 'Ray' } });
    await writeFile(path.join(dir, 'people.ndjson'), [person('P1', 'Ann'), person('P2', 'Bob\u0000'), person('P3', 'Cy\ud83d'), person('P4', 'Dee')].join('\n'));
    const shop = await db.services.importer.run({ source: 'nulshop', format: 'ndjson', location: path.join(dir, 'people.ndjson') });
    expect(shop.files[0]).toMatchObject({ inserted: 2, rejected: 2 });
    expect(shop.rejections).toEqual([
      { file: 'people.ndjson', line: 2, reason: expect.stringContaining('NUL character') },
      { file: 'people.ndjson', line: 3, reason: expect.stringContaining('surrogate') },
    ]);
    // a raw NUL byte in a value that is refused for another reason: the reason quotes it
    const csv = ['Id,FirstName,LastName,IsDeleted', 'R1,Ann,Lee,false', 'R2,Bob,Ray,fa\u0000lse', 'R3,Cy,Dee,false'];
    await writeFile(path.join(dir, 'Contact.csv'), csv.join('\n') + '\n');
    const crm = await db.services.importer.run({ source: 'nulcrm', format: 'salesforce-csv', location: path.join(dir, 'Contact.csv') });
    expect(crm.files[0]).toMatchObject({ inserted: 2, rejected: 1 });
    const stored = await db.dataSource.query(
      `SELECT r.source, r.external_id FROM source_record r WHERE r.source IN ('nulshop', 'nulcrm') ORDER BY 1, 2`,
    );
    expect(stored.map((r: { external_id: string }) => r.external_id)).toEqual(['R1', 'R3', 'P1', 'P4']);
    const reasons = await db.dataSource.query(
      `SELECT j.line, j.reason FROM import_rejection j JOIN import_run r ON r.id = j.import_run_id WHERE r.source = 'nulcrm'`,
    );
    expect(reasons).toEqual([{ line: 3, reason: expect.stringContaining('fa\uFFFDlse') }]);
  });

  it('refuses an NPS answer of 11 and a Mailchimp status it does not know, by line, and keeps the good records of the batch', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-values-'));
    const nps = (id: string, value: number) =>
      JSON.stringify({ type: 'interaction', id, personId: 'S1', occurredAt: '2024-06-01T09:00:00Z', channel: 'survey', action: 'nps_response', value });
    await writeFile(path.join(dir, 'shop.ndjson'), [JSON.stringify({ type: 'person', id: 'S1', emails: ['s1@mail.test'] }), nps('N1', 11), nps('N2', 9)].join('\n'));
    const shop = await db.services.importer.run({ source: 'valshop', format: 'ndjson', location: path.join(dir, 'shop.ndjson') });
    expect(shop.files[0]).toMatchObject({ inserted: 2, rejected: 1 });
    expect(shop.rejections).toEqual([{ file: 'shop.ndjson', line: 2, reason: "value '11' is out of range: nps_response takes the answer, 0 to 10" }]);
    const members = { members: [{ email_address: 'm1@mail.test', status: 'banana', list_id: 'L1' }, { email_address: 'm2@mail.test', status: 'subscribed', list_id: 'L1' }] };
    await writeFile(path.join(dir, 'members.json'), JSON.stringify(members));
    const mc = await db.services.importer.run({ source: 'valmc', format: 'mailchimp-json', location: path.join(dir, 'members.json') });
    expect(mc.files[0]).toMatchObject({ inserted: 1, rejected: 1 });
    expect(mc.rejections).toEqual([{ file: 'members.json', line: 1, reason: expect.stringMatching(/^status must be one of subscribed, .*, got 'banana' \(text line 1, byte \d+\)$/) }]);
    const stored = await db.dataSource.query(`SELECT source, external_id FROM source_record WHERE source IN ('valshop', 'valmc') ORDER BY source, external_id`);
    expect(stored.map((r: { external_id: string }) => r.external_id)).toEqual([expect.any(String), 'N2', 'S1']);
    const rows = await db.dataSource.query(`SELECT j.line, j.reason FROM import_rejection j WHERE j.import_run_id = $1`, [shop.runId]);
    expect(rows).toEqual([{ line: 2, reason: expect.stringContaining('out of range') }]);
  });

  it('gives one clear error for an unknown format, a missing path or a bad source name', async () => {
    await expect(db.services.importer.run({ source: 'x', format: 'excel', location: COMPANY_DIR })).rejects.toThrow(ImportError);
    await expect(db.services.importer.run({ source: 'x', format: 'ndjson', location: '/nope/missing.ndjson' })).rejects.toThrow(
      /cannot read \/nope\/missing.ndjson: no such file or folder/,
    );
    await expect(db.services.importer.run({ source: 'Bad Name', format: 'ndjson', location: COMPANY_DIR })).rejects.toThrow(/invalid source name/);
    // a pipe (`<(zcat export.ndjson.gz)`) was read as a folder: ENOTDIR from scandir
    const fifo = path.join(await mkdtemp(path.join(os.tmpdir(), 'tessera-fifo-')), 'shop.ndjson');
    execFileSync('mkfifo', [fifo]);
    await expect(db.services.importer.run({ source: 'x', format: 'ndjson', location: fifo })).rejects.toThrow(
      new ImportError(`cannot read ${fifo}: not a file or folder (a pipe or device?); write it to a file first`),
    );
  });

  it('rejects a file that cannot be read as a whole, with its reason, and imports the other files of the folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-unusable-'));
    await cp(path.join(COMPANY_DIR, 'salesforce'), dir, { recursive: true });
    await writeFile(path.join(dir, 'Account.csv'), 'Id,Type,Industry\n001A,Customer,Consumer\n001B,Customer,Retail\n');
    const report = await db.services.importer.run({ source: 'sfnoname', format: 'salesforce-csv', location: dir });
    expect(report.files).toEqual([
      expect.objectContaining({ file: 'Contact.csv', inserted: 4, rejected: 0 }),
      { file: 'Account.csv', inserted: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 1, unusable: expect.stringMatching(/^missing column "Name" \(required: Id, Name\)/) },
      expect.objectContaining({ file: 'Opportunity.csv', inserted: 2, rejected: 1 }),
    ]);
    expect(report.rejections[0]).toEqual({ file: 'Account.csv', line: 0, reason: expect.stringMatching(/^missing column "Name"/) });
    expect(formatImportReport(report)).toMatch(/\n {2}Account\.csv +rejected as a whole, nothing imported: missing column "Name" \(required: Id, Name\)/);
    const [run] = await db.dataSource.query('SELECT status, inserted, rejected, error FROM import_run WHERE id = $1', [report.runId]);
    expect(run).toEqual({ status: 'succeeded', inserted: 6, rejected: 2, error: null });
    const stored = await db.dataSource.query(`SELECT file, line FROM import_rejection WHERE import_run_id = $1 ORDER BY file`, [report.runId]);
    expect(stored).toEqual([{ file: 'Account.csv', line: 0 }, { file: 'Opportunity.csv', line: 4 }]);
    // the file after the rejected one was read and linked to its owner
    const [opportunity] = await db.dataSource.query(
      `SELECT p.external_id AS owner FROM source_record o JOIN source_record p ON p.id = o.person_record_id WHERE o.source = 'sfnoname' AND o.external_id = '006A'`,
    );
    expect(opportunity).toEqual({ owner: '003A' });

    // the same for a JSON document broken before its first record
    const zd = await mkdtemp(path.join(os.tmpdir(), 'tessera-unusable-'));
    await cp(path.join(COMPANY_DIR, 'zendesk'), zd, { recursive: true });
    await writeFile(path.join(zd, 'users.json'), '{"users": [ {"id": 1,');
    const zdReport = await db.services.importer.run({ source: 'zdbroken', format: 'zendesk-json', location: zd });
    expect(zdReport.files.map((f) => [f.file, f.inserted > 0, f.unusable ?? null])).toEqual([
      ['users.json', false, expect.stringMatching(/^invalid JSON document: the document is cut off/)],
      ['tickets.json', true, null],
      ['ticket_metrics.json', true, null],
    ]);
  });
});
