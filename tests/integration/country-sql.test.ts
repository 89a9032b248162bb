import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CountryNormalisation1766300000000 } from '../../migrations/1766300000000-CountryNormalisation';
import { canonicalCountry, COUNTRY_NAMES, countryKey, ISO_CODES } from '../../src/shared/country';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SPACES = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];

/**
 * canonical_country (SQL, migration 1766300000000) and canonicalCountry (TypeScript) are two copies of one
 * rule: segments compare what the SQL one stored, the profile and exports show what the TypeScript one says.
 */
describe('canonical_country and canonicalCountry', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-country-'));
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const inSql = async (values: string[]): Promise<(string | null)[]> =>
    (await db.dataSource.query(`SELECT canonical_country(v) AS c FROM unnest($1::text[]) WITH ORDINALITY x(v, i) ORDER BY i`, [values])).map((r: { c: string | null }) => r.c);
  const agree = async (values: string[]) => {
    const sql = await inSql(values);
    const mismatches = values.map((v, i) => [v, sql[i], canonicalCountry(v) ?? null]).filter(([, s, t]) => s !== t);
    expect(mismatches).toEqual([]);
  };

  it('agree on every name in the map, written as a source might', async () => {
    const titled = (name: string) => name.replace(/(^|\s)\S/g, (c) => c.toUpperCase());
    const names = Object.keys(COUNTRY_NAMES).flatMap((n) => [n, n.toUpperCase(), titled(n), `  ${titled(n)}\u00a0`, n.replace(/ /g, '  \t')]);
    expect(names.length).toBe(Object.keys(COUNTRY_NAMES).length * 5);
    await agree(names);
    // and they are the countries the map says
    expect(await inSql(Object.keys(COUNTRY_NAMES))).toEqual(Object.values(COUNTRY_NAMES));
  });

  it('agree on every two-letter code, in any case, and on every code of the list', async () => {
    const pairs = [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b));
    await agree([...pairs, ...pairs.map((p) => p.toLowerCase()), ...pairs.map((p) => p[0] + p[1]!.toLowerCase())]);
    expect(await inSql([...ISO_CODES].map((c) => c.toLowerCase()))).toEqual([...ISO_CODES]);
  });

  it('agree on unknown names, whitespace and empty text', async () => {
    await agree([
      '', ' ', 'Narnia', '  Narnia  ', 'Republic of  Narnia', 'narnia', 'ÖSTERREICH', 'Österreich', 'ESPAÑA', 'MÉXICO', 'İTALY', 'ıt', 'U.S.A.',
      'usa.', 'United-States', 'constructor', '__proto__', 'toString', ...SPACES.map((s) => `${s}uk${s}`), ...SPACES.map((s) => `united${s}kingdom`), SPACES.join(''),
    ]);
    expect(await inSql(['', ' \t '])).toEqual([null, null]);
    const [{ c }] = await db.dataSource.query('SELECT canonical_country(NULL) AS c');
    expect(c).toBeNull();
  });

  it('migration 1766300000000 recomputes the stored countries of existing customers, and down restores them', async () => {
    const file = path.join(dir, 'people.ndjson');
    const person = (id: string, first: string, last: string, city: string, country: string) =>
      ({ type: 'person', id, updatedAt: '2025-01-01T00:00:00Z', name: { first, last }, emails: [`${first}.${last}@example.test`.toLowerCase()], addresses: [{ city, country }] });
    const people = [
      person('p1', 'Maya', 'Okafor', 'Boston', 'United States'),
      person('p2', 'Tobias', 'Lindqvist', 'Denver', ' US '),
      person('p3', 'Priya', 'Raman', 'Leeds', 'UK'),
      person('p4', 'Caspian', 'Pevensie', 'Cair Paravel', 'Narnia'),
    ];
    await writeFile(file, people.map((l) => JSON.stringify(l)).join('\n'));
    await db.services.importer.run({ source: 'shop', format: 'ndjson', location: file });
    await db.services.resolver.resolve();
    await db.services.metrics.recompute();
    const stored = async () =>
      (await db.dataSource.query(`SELECT p.external_id AS id, a.countries FROM customer_attributes a JOIN source_record p ON p.customer_id = a.customer_id
        WHERE p.source = 'shop' ORDER BY 1`)).map((r: { id: string; countries: string[] }) => [r.id, r.countries]);
    const now = [['p1', ['us']], ['p2', ['us']], ['p3', ['gb']], ['p4', ['narnia']]];
    expect(await stored()).toEqual(now);
    expect(now.map(([id]) => id).map((id) => countryKey({ p1: 'United States', p2: ' US ', p3: 'UK', p4: 'Narnia' }[id as string]))).toEqual(['us', 'us', 'gb', 'narnia']);

    const migration = new CountryNormalisation1766300000000();
    const runner = db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await stored()).toEqual([['p1', ['united states']], ['p2', ['us']], ['p3', ['uk']], ['p4', ['narnia']]]);
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'canonical_country'`);
      expect(n).toBe(0);
      await migration.up(runner);
      expect(await stored()).toEqual(now);
    } finally {
      await runner.release();
    }
    // the records keep what their source wrote
    const [{ country }] = await db.dataSource.query(`SELECT person -> 'addresses' -> 0 ->> 'country' AS country FROM source_record WHERE source = 'shop' AND external_id = 'p1'`);
    expect(country).toBe('United States');
  });
});
