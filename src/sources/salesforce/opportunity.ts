import type { JourneyEvent, MappedRecord, OpportunityData } from '../record';
import { compact } from '../shared/result';
import { bool, date, number, requiredText, text, timestamp } from '../shared/values';
import { isDeleted, lastModified, type CsvRow } from './row';

function opportunityEvents(id: string, data: OpportunityData, createdAt: string | undefined): JourneyEvent[] {
  const attributes = compact({ opportunityId: id, stage: data.stage, amount: data.amount, currency: data.currency });
  const events: JourneyEvent[] = [];
  if (createdAt) {
    events.push({ type: 'opportunity_created', channel: 'sales', occurredAt: createdAt, summary: `Opportunity ${id} created`, attributes });
  }
  if (data.isClosed && data.closeDate) {
    const outcome = data.isWon ? 'won' : 'lost';
    events.push({
      type: `opportunity_${outcome}`,
      channel: 'sales',
      occurredAt: `${data.closeDate}T00:00:00.000Z`,
      summary: `Opportunity ${id} ${outcome}`,
      attributes,
    });
  }
  return events;
}

export function mapOpportunity(row: CsvRow): MappedRecord {
  const externalId = requiredText(row.Id, 'Id');
  const data: OpportunityData = compact({
    name: requiredText(row.Name, 'Name'),
    amount: number(row.Amount, 'Amount'),
    currency: text(row.CurrencyIsoCode, 'CurrencyIsoCode'),
    stage: requiredText(row.StageName, 'StageName'),
    closeDate: date(row.CloseDate, 'CloseDate'),
    isWon: bool(row.IsWon, 'IsWon') ?? false,
    isClosed: bool(row.IsClosed, 'IsClosed') ?? false,
    accountId: text(row.AccountId, 'AccountId'),
    contactId: text(row.ContactId, 'ContactId'),
  });
  return compact({
    entity: 'opportunity' as const,
    externalId,
    payload: row,
    sourceChangedAt: lastModified(row),
    deleted: isDeleted(row),
    owner: data.contactId ? { entity: 'contact' as const, externalId: data.contactId } : undefined,
    data: { ...data },
    events: opportunityEvents(externalId, data, timestamp(row.CreatedDate, 'CreatedDate')),
  });
}
