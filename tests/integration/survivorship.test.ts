import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { loadConfig } from '../../src/config/config';
import { createServices, type Services } from '../../src/services';
import { buildCli, ROOT } from '../setup/cli';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

// One person in four records of three kinds of source, which disagree about the name and the birth date.
const CONTACTS = [
  'Id,FirstName,LastName,Email,Phone,Birthdate,LastModifiedDate',
  '003DJ,David,Johnson,david.johnson@fastmail.com,(415) 555-0134,1980-05-17,2024-01-01T00:00:00Z',
].join('\n');
const USERS = JSON.stringify({
  users: [{ id: 701, name: 'David', email: 'david.johnson@fastmail.com', phone: null, role: 'end-user', active: true, created_at: '2023-01-01T00:00:00Z', updated_at: '2024-05-01T00:00:00Z' }],
});
const MEMBERS = JSON.stringify({
  members: [
    {
      id: 'm-dj',
      email_address: 'david.johnson@fastmail.com',
      status: 'subscribed',
      merge_fields: { FNAME: 'Dave', LNAME: 'Johnson', BIRTHDAY: '05/17/1980' },
      marketing_permissions: [],
      timestamp_opt: '2023-06-01T00:00:00Z',
      last_changed: '2024-02-01T00:00:00Z',
      list_id: 'list-1',
    },
  ],
});
const PEOPLE = JSON.stringify({
  type: 'person',
  id: 'SHOP-DJ',
  updatedAt: '2024-06-01T00:00:00Z',
  name: { first: 'david_johnson' },
  emails: ['dj@shopmail.net', 'david.johnson@fastmail.com'],
  phones: [],
  addresses: [],
  identifiers: [],
  birthDate: '1981-05-17',
});

const PROFILE = `query($id: ID!) { customer(id: $id) {
  sourceRecords { source }
  profile {
    name { full first last provenance { source externalId rule } beaten { full first provenance { source rule } beaten { full } } }
    birthDate { value provenance { source rule } beaten { value provenance { source rule } } }
    emails { value provenance { source rule } }
  } } }`;

type Profile = {
  name: { full: string; first: string | null; last: string | null; provenance: { source: string; externalId?: string; rule: string }[]; beaten: any[] };
  birthDate: { value: string; provenance: { source: string; rule: string }[]; beaten: { value: string; provenance: { source: string; rule: string }[] }[] };
  emails: { value: string; provenance: { source: string; rule: string }[] }[];
};

async function importAll(services: Services, dir: string): Promise<void> {
  for (const [source, format, file, content] of [
    ['salesforce', 'salesforce-csv', 'Contact.csv', CONTACTS],
    ['zendesk', 'zendesk-json', 'users.json', USERS],
    ['mailchimp', 'mailchimp-json', 'members.json', MEMBERS],
    ['shop', 'ndjson', 'people.ndjson', PEOPLE],
  ] as const) {
    await mkdir(path.join(dir, source), { recursive: true });
    await writeFile(path.join(dir, source, file), content);
    await services.importer.run({ source, format, location: path.join(dir, source, file) });
  }
  await services.resolver.resolve();
}

/** Survivorship rules from configuration: the shipped file, SURVIVORSHIP_FILE, and a bad file refused at start. */
describe('golden profile survivorship', () => {
  let db: TestDatabase;
  let dir: string;
  let shipped: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-survivorship-'));
    await importAll(db.services, dir);
    shipped = await startTestApp(db);
  });
  afterAll(async () => {
    await shipped?.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const profileOf = async (app: TestApp, token?: string): Promise<Profile> => {
    const res = await app.graphql(PROFILE, { id: await customerId() }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.customer.profile;
  };

  it('joins the four records into one customer', async () => {
    const res = await shipped.graphql(PROFILE, { id: await customerId() });
    expect(res.data!.customer.sourceRecords.map((r: { source: string }) => r.source).sort()).toEqual(['mailchimp', 'salesforce', 'shop', 'zendesk']);
  });

  it('a full run that changes nothing rewrites no customer summary, and the list keeps the golden name', async () => {
    const before = await db.dataSource.query('SELECT id, display_name, search_text, updated_at, xmin::text AS version FROM customer ORDER BY id');
    const summary = await db.services.resolver.resolve({ full: true });
    expect(summary.mode).toBe('full');
    const after = await db.dataSource.query('SELECT id, display_name, search_text, updated_at, xmin::text AS version FROM customer ORDER BY id');
    // the same row versions: nothing written, updatedAt unmoved
    expect(after).toEqual(before);
    expect(after.map((c: { display_name: string }) => c.display_name)).toContain('David Johnson');
  });

  it('shipped rules: the most complete name over newer one-word and handle names, the birth date most records agree on', async () => {
    const profile = await profileOf(shipped);
    expect(profile.name).toEqual({
      full: 'David Johnson',
      first: 'David',
      last: 'Johnson',
      provenance: [{ source: 'salesforce', externalId: '003DJ', rule: 'most_complete' }],
      beaten: [
        { full: 'Dave Johnson', first: 'Dave', provenance: [{ source: 'mailchimp', rule: 'most_complete' }], beaten: [] },
        { full: 'David', first: 'David', provenance: [{ source: 'zendesk', rule: 'most_complete' }], beaten: [] },
        { full: 'david_johnson', first: 'david_johnson', provenance: [{ source: 'shop', rule: 'most_complete' }], beaten: [] },
      ],
    });
    // the name a customer list shows and sorts by is the same (the newest record, the shop's handle, before)
    const listed = await shipped.graphql(`query($s: String) { customers(first: 5, search: $s) { edges { node { id displayName } } } }`, { s: 'johnson' });
    expect(listed.data!.customers.edges.map((e: any) => e.node)).toEqual([{ id: await customerId(), displayName: 'David Johnson' }]);
    expect(profile.birthDate).toEqual({
      value: '1980-05-17',
      provenance: [
        { source: 'mailchimp', rule: 'most_frequent' },
        { source: 'salesforce', rule: 'most_frequent' },
      ],
      beaten: [{ value: '1981-05-17', provenance: [{ source: 'shop', rule: 'most_frequent' }] }],
    });
    // most recent first; the shop record's two addresses in its own order
    expect(profile.emails).toEqual([
      { value: 'dj@shopmail.net', provenance: [{ source: 'shop', rule: 'most_recent' }] },
      {
        value: 'david.johnson@fastmail.com',
        provenance: ['shop', 'zendesk', 'mailchimp', 'salesforce'].map((source) => ({ source, rule: 'most_recent' })),
      },
    ]);
  });

  it('masks beaten values as the attribute itself: initials and birth year for marketing and analysts, all for support', async () => {
    const marketing = await profileOf(shipped, shipped.token('marketing'));
    expect(marketing.name.full).toBe('D. J.');
    expect(marketing.name.beaten.map((b: { full: string }) => b.full)).toEqual(['D. J.', 'D.', 'D.']);
    expect(marketing.birthDate.beaten.map((b) => b.value)).toEqual(['1981']);
    const analyst = await profileOf(shipped, shipped.token('analyst'));
    expect(JSON.stringify(analyst)).not.toMatch(/Dave|david_johnson|1981-05-17/);
    const support = await profileOf(shipped, shipped.token('support_agent'));
    expect(support.name.beaten.map((b: { full: string }) => b.full)).toEqual(['Dave Johnson', 'David', 'david_johnson']);
    expect(support.birthDate.beaten[0]!.value).toBe('1981-05-17');
  });

  it('follows the rules of SURVIVORSHIP_FILE: source priority, most recent, most frequent', async () => {
    const file = path.join(dir, 'survivorship.json');
    await writeFile(
      file,
      JSON.stringify({
        attributes: {
          name: { rules: [{ rule: 'source_priority', sources: ['mailchimp', 'salesforce'] }, 'most_recent'] },
          birthDate: { rules: ['most_recent'] },
          emails: { rules: ['most_frequent', 'most_recent'] },
          phones: { rules: ['most_recent'] },
          addresses: { rules: ['most_complete', 'most_recent'] },
        },
      }),
    );
    const config = loadConfig({ SURVIVORSHIP_FILE: file });
    const app = await startTestApp({ ...db, services: createServices(db.dataSource, { region: 'US', survivorship: config.survivorship }) });
    try {
      const profile = await profileOf(app);
      expect(profile.name.full).toBe('Dave Johnson');
      expect(profile.name.provenance).toEqual([{ source: 'mailchimp', externalId: 'm-dj', rule: 'source_priority' }]);
      // the unlisted sources tie on priority; the winner still beat them by it
      expect(profile.name.beaten.map((b: any) => [b.full, b.provenance[0].rule])).toEqual([
        ['David Johnson', 'source_priority'],
        ['david_johnson', 'source_priority'],
        ['David', 'source_priority'],
      ]);
      expect(profile.birthDate).toMatchObject({ value: '1981-05-17', provenance: [{ source: 'shop', rule: 'most_recent' }] });
      expect(profile.birthDate.beaten).toEqual([
        { value: '1980-05-17', provenance: [{ source: 'mailchimp', rule: 'most_recent' }, { source: 'salesforce', rule: 'most_recent' }] },
      ]);
      expect(profile.emails.map((e) => [e.value, e.provenance[0]!.rule])).toEqual([
        ['david.johnson@fastmail.com', 'most_frequent'],
        ['dj@shopmail.net', 'most_frequent'],
      ]);
      // the data-subject export builds the profile by the same rules
      const exported = (await app.graphql(`query($id: ID!) { dataSubjectExport(customerId: $id) }`, { id: await customerId() })).data!.dataSubjectExport;
      expect(exported.profile.name.value.full).toBe('Dave Johnson');
      expect(exported.profile.name.beaten).toHaveLength(3);
      // a resolution run under these rules stores their name as the list name
      const services = createServices(db.dataSource, { region: 'US', survivorship: config.survivorship });
      const [before] = await db.dataSource.query('SELECT search_text, updated_at FROM customer WHERE id = $1', [await customerId()]);
      await services.resolver.resolve({ full: true });
      const [after] = await db.dataSource.query('SELECT display_name, search_text, updated_at FROM customer WHERE id = $1', [await customerId()]);
      expect(after.display_name).toBe('Dave Johnson');
      // only the name changed, and the customer's updatedAt says so
      expect(after.search_text).toBe(before.search_text);
      expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    } finally {
      await app.close();
      await db.services.resolver.resolve({ full: true }); // back to the shipped rules for the tests after
    }
  });

  it('refuses to start with an invalid SURVIVORSHIP_FILE, listing every problem and naming the variable (exit 2)', async () => {
    const file = path.join(dir, 'bad-survivorship.json');
    await writeFile(file, JSON.stringify({ attributes: { name: { rules: ['newest'] }, birthDate: { rules: ['most_complete'] } } }));
    buildCli();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, PORT: '0', SURVIVORSHIP_FILE: file },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringContaining(`  - SURVIVORSHIP_FILE ("${file}"): attributes.name.rules[0]: unknown rule "newest" (known: source_priority, most_recent, most_frequent, most_complete`),
      `  - SURVIVORSHIP_FILE ("${file}"): attributes.birthDate.rules[0]: most_complete applies to name and addresses only (every valid birth date is complete)`,
      `  - SURVIVORSHIP_FILE ("${file}"): attributes.emails is missing (every attribute needs its rules)`,
      `  - SURVIVORSHIP_FILE ("${file}"): attributes.phones is missing (every attribute needs its rules)`,
      `  - SURVIVORSHIP_FILE ("${file}"): attributes.addresses is missing (every attribute needs its rules)`,
    ]);
  });

  async function customerId(): Promise<string> {
    const [row] = await db.dataSource.query(`SELECT customer_id::text AS id FROM source_record WHERE source = 'salesforce' AND external_id = '003DJ'`);
    return row.id;
  }
});
