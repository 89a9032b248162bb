import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Services } from '../../src/services';

export const COMPANY_DIR = path.join(__dirname, '..', 'fixtures', 'company');

/** Imports the hand-made company (Salesforce, Zendesk, Mailchimp and an NDJSON shop) and resolves. */
export async function importCompany(services: Services) {
  const reports = [];
  for (const [source, format, folder] of [
    ['salesforce', 'salesforce-csv', 'salesforce'],
    ['zendesk', 'zendesk-json', 'zendesk'],
    ['mailchimp', 'mailchimp-json', 'mailchimp'],
    ['shop', 'ndjson', 'shop'],
  ] as const) {
    reports.push(await services.importer.run({ source, format, location: path.join(COMPANY_DIR, folder) }));
  }
  const resolution = await services.resolver.resolve();
  return { reports, resolution };
}

/** The customer each named record of the company belongs to, e.g. `{ bob: ['salesforce', '003A'] }`. */
export async function customersOf<K extends string>(
  dataSource: DataSource,
  records: Record<K, readonly [source: string, externalId: string]>,
): Promise<Record<K, string>> {
  const found = {} as Record<K, string>;
  for (const [key, [source, externalId]] of Object.entries(records) as [K, readonly [string, string]][]) {
    const [row] = await dataSource.query('SELECT customer_id FROM source_record WHERE source = $1 AND external_id = $2', [source, externalId]);
    if (!row?.customer_id) throw new Error(`no customer for ${source}/${externalId} in the company fixture`);
    found[key] = row.customer_id;
  }
  return found;
}

/** The id of each named source record of the company, e.g. `{ bobSf: ['salesforce', '003A'] }`. */
export async function recordsOf<K extends string>(
  dataSource: DataSource,
  records: Record<K, readonly [source: string, externalId: string]>,
): Promise<Record<K, string>> {
  const found = {} as Record<K, string>;
  for (const [key, [source, externalId]] of Object.entries(records) as [K, readonly [string, string]][]) {
    const [row] = await dataSource.query('SELECT id::text AS id FROM source_record WHERE source = $1 AND external_id = $2', [source, externalId]);
    if (!row) throw new Error(`no record ${source}/${externalId} in the company fixture`);
    found[key] = row.id;
  }
  return found;
}
