import path from 'node:path';
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
