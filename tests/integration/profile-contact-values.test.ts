import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../src/services';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const CONTACTS = [
  'Id,FirstName,LastName,Email,Phone,MobilePhone,MailingCountry,LastModifiedDate',
  // national numbers of the contact's own country, as the demo writes them (default region US)
  '003DE1,Tommy,Muller,tommy.muller@fastmail.com,,0176/09567911,DE,2025-01-01T00:00:00Z',
  '003GB1,Ada,Lovelace,ada.lovelace@fastmail.com,020 7946 0958,,GB,2025-01-01T00:00:00Z',
  // no address: the email domain names the country
  '003WEB,Greta,Weber,greta.weber@web.de,030 901820,,,2025-01-01T00:00:00Z',
  // valid nowhere: kept raw in the record, flagged, never in the profile
  '003BAD,Bad,Number,bad.number@fastmail.com,12,,DE,2025-01-01T00:00:00Z',
  '003PR1,Priya,Raman,priya.raman@fastmail.com,+1 512 555 0177,,US,2025-01-01T00:00:00Z',
  // only placeholders
  '003NR1,Noah,Reply,noreply@example.com,0000000000,,US,2025-01-01T00:00:00Z',
  // a placeholder the deployment configured (IDENTITY_JUNK_EMAILS)
  '003INF,Ivy,Info,info@acme-shop.com,,,US,2025-01-01T00:00:00Z',
].join('\n');

// a placeholder beside a real address in one record
const PEOPLE = [
  { type: 'person', id: 'P-1', updatedAt: '2025-01-01T00:00:00Z', name: { first: 'Tess', last: 'Tester' }, emails: ['test@test.com', 'tess.tester@fastmail.com'], phones: [], addresses: [], identifiers: [] },
].map((p) => JSON.stringify(p)).join('\n');

const PROFILE = `query($source: String!, $id: String!) { customerBySourceRecord(source: $source, externalId: $id) {
  profile { emails { value } phones { value provenance { externalId } } }
  sourceRecords { quality { field value problem } } } }`;

/** Emails and phones in the golden profile are the ones identity matches on, and search finds a phone in any format. */
describe('golden profile contact values and phone search', () => {
  let db: TestDatabase;
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-contact-values-'));
    await writeFile(path.join(dir, 'Contact.csv'), CONTACTS);
    await writeFile(path.join(dir, 'people.ndjson'), PEOPLE);
    const services = createServices(db.dataSource, { region: 'US', identity: { junk: { emails: ['info@acme-shop.com'] } } });
    await services.importer.run({ source: 'salesforce', format: 'salesforce-csv', location: path.join(dir, 'Contact.csv') });
    await services.importer.run({ source: 'shop', format: 'ndjson', location: path.join(dir, 'people.ndjson') });
    await services.resolver.resolve();
    app = await startTestApp({ ...db, services });
  });
  afterAll(async () => {
    await app?.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const profileOf = async (source: string, id: string) => {
    const res = await app.graphql(PROFILE, { source, id });
    expect(res.errors).toBeUndefined();
    return res.data!.customerBySourceRecord as {
      profile: { emails: { value: string }[]; phones: { value: string; provenance: { externalId: string }[] }[] };
      sourceRecords: { quality: { field: string; value: string; problem: string }[] }[];
    };
  };
  const phonesOf = async (id: string) => (await profileOf('salesforce', id)).profile.phones.map((p) => p.value);
  const emailsOf = async (source: string, id: string) => (await profileOf(source, id)).profile.emails.map((e) => e.value);

  it('shows a national number of the record’s own country in E.164, as identity matches it', async () => {
    const tommy = await profileOf('salesforce', '003DE1');
    expect(tommy.profile.phones).toEqual([{ value: '+4917609567911', provenance: [{ externalId: '003DE1' }] }]);
    expect(tommy.sourceRecords[0]!.quality).toEqual([]);
    expect(await phonesOf('003GB1')).toEqual(['+442079460958']);
    expect(await phonesOf('003WEB')).toEqual(['+4930901820']);
    const [key] = await db.dataSource.query(
      `SELECT k.value FROM identity_key k JOIN source_record r ON r.id = k.record_id WHERE r.external_id = '003DE1' AND k.kind = 'phone'`,
    );
    expect(key.value).toBe('+4917609567911');
  });

  it('leaves a number valid in no region out, with its quality note', async () => {
    const bad = await profileOf('salesforce', '003BAD');
    expect(bad.profile.phones).toEqual([]);
    expect(bad.sourceRecords[0]!.quality).toEqual([{ field: 'phone', value: '12', problem: expect.any(String) }]);
  });

  it('leaves placeholder emails and phones out, with the record’s quality note saying why', async () => {
    const noah = await profileOf('salesforce', '003NR1');
    expect(noah.profile).toEqual({ emails: [], phones: [] });
    expect(noah.sourceRecords[0]!.quality).toEqual([
      { field: 'email', value: 'noreply@example.com', problem: 'blocked placeholder value' },
      { field: 'phone', value: '0000000000', problem: 'blocked placeholder value' },
    ]);
    expect(await emailsOf('shop', 'P-1')).toEqual(['tess.tester@fastmail.com']);
    expect(await emailsOf('salesforce', '003INF')).toEqual([]);
    expect(await emailsOf('salesforce', '003PR1')).toEqual(['priya.raman@fastmail.com']);
  });

  it('exports a segment with the email and phone the profile shows: national numbers read, placeholders left out', async () => {
    const made = await app.graphql(`mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id } }`, {
      i: { name: 'CRM', definition: { source: { system: 'crm' } } },
    });
    expect(made.errors).toBeUndefined();
    const response = await fetch(`${app.url}/segments/${made.data!.createSegment.id}/export?fields=id,email,phone`, {
      headers: { authorization: `Bearer ${app.token('admin')}` },
    });
    expect(response.status).toBe(200);
    const rows = (await response.text()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; email: string | null; phone: string | null });
    const exported = async (externalId: string) => {
      const [r] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'salesforce' AND external_id = $1`, [externalId]);
      const row = rows.find((x) => x.id === r.customer_id)!;
      return [row.email, row.phone];
    };
    expect(await exported('003DE1')).toEqual(['tommy.muller@fastmail.com', '+4917609567911']);
    expect(await exported('003WEB')).toEqual(['greta.weber@web.de', '+4930901820']);
    expect(await exported('003NR1')).toEqual([null, null]);
    expect(await exported('003INF')).toEqual([null, null]);
  });

  it('finds a phone number written in any format, and names and emails as before', async () => {
    const found = async (search: string) => {
      const res = await app.graphql(`query($s: String) { customers(first: 10, search: $s) { edges { node { displayName } } } }`, { s: search });
      expect(res.errors).toBeUndefined();
      return res.data!.customers.edges.map((e: any) => e.node.displayName);
    };
    for (const search of ['+1 512 555 0177', '(512) 555-0177', '512-555-0177', '512.555.0177', '1 (512) 555-0177', '+15125550177', '5125550177', '555 0177']) {
      expect([search, await found(search)]).toEqual([search, ['Priya Raman']]);
    }
    expect(await found('(512) 555-0178')).toEqual([]);
    // another country's number: with its country code, or as the source wrote it
    expect(await found('+49 176 09567911')).toEqual(['Tommy Muller']);
    expect(await found('0176/09567911')).toEqual(['Tommy Muller']);
    expect(await found('PRIYA')).toEqual(['Priya Raman']);
    expect(await found('raman@fastmail')).toEqual(['Priya Raman']);
  });
});
