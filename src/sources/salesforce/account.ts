import type { AccountData, MappedRecord } from '../record';
import { compact } from '../shared/result';
import { requiredText, text } from '../shared/values';
import { isDeleted, lastModified, type CsvRow } from './row';

export function mapAccount(row: CsvRow): MappedRecord {
  const externalId = requiredText(row.Id, 'Id');
  const data: AccountData = compact({
    name: requiredText(row.Name, 'Name'),
    type: text(row.Type, 'Type'),
    industry: text(row.Industry, 'Industry'),
    website: text(row.Website, 'Website'),
    billingCity: text(row.BillingCity, 'BillingCity'),
    billingCountry: text(row.BillingCountry, 'BillingCountry'),
  });
  return compact({
    entity: 'account' as const,
    externalId,
    payload: row,
    sourceChangedAt: lastModified(row),
    deleted: isDeleted(row),
    data: { ...data },
    events: [],
  });
}
