import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * One country however the sources wrote it (the demo writes "United States", "USA", "US"; "United Kingdom",
 * "UK", "GB"): the profile lists an address once, a segment condition matches every spelling, an export
 * shows the code. Records as the demo's CRM and marketing list write them, imported and resolved.
 */
describe('countries in the profile, segments and exports', () => {
  let db: TestDatabase;
  let app: TestApp;
  let dir: string;
  const customer: Record<string, string> = {};

  const person = (id: string, first: string, last: string, address: Record<string, string>, updatedAt = '2025-01-01T00:00:00Z') => ({
    type: 'person', id, updatedAt, name: { first, last }, emails: [`${first}.${last}@example.test`.toLowerCase()], addresses: [address],
  });
  const importNdjson = async (source: string, lines: object[]) => {
    const file = path.join(dir, `${source}.ndjson`);
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    await db.services.importer.run({ source, format: 'ndjson', location: file });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-countries-'));
    // Maya is in both systems: the CRM says "United States", the shop "US" (newer), for one address
    await importNdjson('crm', [
      person('C-1', 'Maya', 'Okafor', { line1: '12 Oak Street', city: 'Boston', postcode: '02108', country: 'United States' }, '2024-01-01T00:00:00Z'),
      person('C-2', 'Priya', 'Raman', { line1: '3 Park Row', city: 'Leeds', postcode: 'LS1 5HD', country: 'United Kingdom' }),
      person('C-3', 'Oliver', 'Hughes', { line1: '9 Mill Lane', city: 'Bristol', postcode: 'BS1 4DJ', country: 'UK' }),
      person('C-4', 'Hannah', 'Brandt', { line1: 'Lindenallee 4', city: 'Köln', postcode: '50968', country: 'Deutschland' }),
    ]);
    await importNdjson('shop', [
      person('S-1', 'Maya', 'Okafor', { line1: '12 Oak Street', city: 'Boston', postcode: '02108', country: 'US' }, '2025-03-01T00:00:00Z'),
      person('S-2', 'Amelia', 'Clarke', { line1: '5 Quay St', city: 'Cardiff', postcode: 'CF10 1EP', country: 'GB' }),
      person('S-3', 'George', 'Evans', { line1: '7 High St', city: 'York', postcode: 'YO1 8RS', country: ' gb ' }),
      person('S-4', 'Leon', 'Weber', { line1: '1 Rue Verte', city: 'Lyon', postcode: '69001', country: 'usa' }),
      person('S-5', 'Caspian', 'Pevensie', { line1: '1 Castle Rd', city: 'Cair Paravel', country: '  Narnia ' }),
    ]);
    await db.services.resolver.resolve();
    // traits and profile attributes, as an import with resolution leaves them (importAndResolve, the CLI)
    await db.services.metrics.recompute();
    const rows: { external_id: string; customer_id: string }[] = await db.dataSource.query(`SELECT external_id, customer_id FROM source_record`);
    for (const r of rows) customer[r.external_id] = r.customer_id;
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists an address written "US" and "United States" once, as US, with both records as its provenance', async () => {
    expect(customer['C-1']).toBe(customer['S-1']);
    const res = await app.graphql(`query($id: ID!) { customer(id: $id) { profile { addresses { line1 city postcode country provenance { source externalId } } } } }`, { id: customer['C-1'] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.customer.profile.addresses).toEqual([
      { line1: '12 Oak Street', city: 'Boston', postcode: '02108', country: 'US', provenance: [{ source: 'shop', externalId: 'S-1' }, { source: 'crm', externalId: 'C-1' }] },
    ]);
    // lineage: the records keep what their sources wrote
    const written = await db.dataSource.query(`SELECT external_id, person -> 'addresses' -> 0 ->> 'country' AS country FROM source_record WHERE external_id IN ('C-1', 'S-1') ORDER BY 1`);
    expect(written).toEqual([{ external_id: 'C-1', country: 'United States' }, { external_id: 'S-1', country: 'US' }]);
  });

  it('shows an unknown country as written, trimmed', async () => {
    const res = await app.graphql(`query($id: ID!) { customer(id: $id) { profile { addresses { country } } } }`, { id: customer['S-5'] });
    expect(res.data!.customer.profile.addresses).toEqual([{ country: 'Narnia' }]);
  });

  const count = async (profile: object) => {
    const res = await app.graphql(`query($d: JSONObject!) { previewSegment(definition: $d, sample: 20) { count sample { id } } }`, { d: { profile } });
    expect(res.errors).toBeUndefined();
    return [res.data!.previewSegment.count, res.data!.previewSegment.sample.map((c: { id: string }) => c.id).sort()];
  };
  const ids = (...records: string[]) => records.map((r) => customer[r]!).sort();

  it('matches every spelling of the country a condition names, however the condition writes it', async () => {
    const uk = ids('C-2', 'C-3', 'S-2', 'S-3');
    for (const value of ['GB', 'gb', 'UK', 'United Kingdom', ' united  kingdom ', 'Great Britain']) {
      expect([value, await count({ attribute: 'country', op: 'eq', value })]).toEqual([value, [4, uk]]);
    }
    expect(await count({ attribute: 'country', op: 'in', value: ['United States', 'DE'] })).toEqual([3, ids('C-1', 'C-4', 'S-4')]);
    expect(await count({ attribute: 'country', op: 'eq', value: 'NARNIA' })).toEqual([1, ids('S-5')]);
    expect(await count({ attribute: 'country', op: 'eq', value: 'Atlantis' })).toEqual([0, []]);
  });

  it('stores members and exports the country as its code', async () => {
    const created = await app.graphql(`mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id size } }`, {
      i: { name: 'UK and US', definition: { profile: { attribute: 'country', op: 'in', value: ['UK', 'usa'] } } },
    });
    expect(created.errors).toBeUndefined();
    const { id, size } = created.data!.createSegment;
    expect(size).toBe(6);
    const response = await fetch(`${app.url}/segments/${id}/export?format=csv&fields=id,country`, { headers: { authorization: `Bearer ${app.token('admin')}` } });
    expect(response.status).toBe(200);
    const [header, ...lines] = (await response.text()).trim().split(/\r?\n/);
    expect(header).toBe('id,country');
    const countryOf = Object.fromEntries(lines.map((l) => l.split(',')));
    expect(Object.keys(countryOf).sort()).toEqual(ids('C-1', 'C-2', 'C-3', 'S-2', 'S-3', 'S-4'));
    expect(Object.values(countryOf).sort()).toEqual(['GB', 'GB', 'GB', 'GB', 'US', 'US']);
  });
});
