import type {
  ContactData,
  MemberData,
  OpportunityData,
  TicketData,
  TicketMetricsData,
} from '../sources/record';
import { changedAt, type RecordRow } from './records';

/** Views over a customer's records per channel: pure functions over rows already loaded. */
export interface TicketView {
  record: RecordRow;
  data: TicketData;
  metrics: TicketMetricsData | null;
  /** Assignee and group changes before resolution: (assignee stations − 1) + (group stations − 1). */
  handoffs: number | null;
}

export function ticketsOf(records: RecordRow[]): TicketView[] {
  const metricsByTicket = new Map<string, TicketMetricsData>();
  for (const r of records) {
    if (r.entity === 'ticket_metrics' && r.ownerExternalId) metricsByTicket.set(`${r.source}\u0000${r.ownerExternalId}`, r.data as unknown as TicketMetricsData);
  }
  return records
    .filter((r) => r.entity === 'ticket')
    .map((record) => {
      const data = record.data as unknown as TicketData;
      const metrics = metricsByTicket.get(`${record.source}\u0000${record.externalId}`) ?? null;
      return { record, data, metrics, handoffs: metrics ? handoffsOf(metrics) : null };
    })
    .sort((a, b) => b.data.createdAt.localeCompare(a.data.createdAt));
}

export function handoffsOf(m: Pick<TicketMetricsData, 'assigneeStations' | 'groupStations'>): number {
  return Math.max(0, m.assigneeStations - 1) + Math.max(0, m.groupStations - 1);
}

export function opportunitiesOf(records: RecordRow[]): { record: RecordRow; data: OpportunityData }[] {
  return records
    .filter((r) => r.entity === 'opportunity')
    .map((record) => ({ record, data: record.data as unknown as OpportunityData }))
    .sort((a, b) => (b.data.closeDate ?? '').localeCompare(a.data.closeDate ?? ''));
}

/** Account references of the customer's CRM contacts, distinct. */
export function accountKeysOf(records: RecordRow[]): { source: string; externalId: string }[] {
  const keys = new Map<string, { source: string; externalId: string }>();
  for (const r of records) {
    const accountId = r.entity === 'contact' ? (r.data as unknown as ContactData).accountId : undefined;
    if (accountId) keys.set(`${r.source}\u0000${accountId}`, { source: r.source, externalId: accountId });
  }
  return [...keys.values()];
}

export function subscriptionsOf(records: RecordRow[]): { record: RecordRow; data: MemberData }[] {
  return records.filter((r) => r.entity === 'member').map((record) => ({ record, data: record.data as unknown as MemberData }));
}

export interface ConsentView {
  source: string;
  entity: string;
  externalId: string;
  /** email, or the marketing permission's text (e.g. "Direct Mail"). */
  channel: string;
  granted: boolean;
  /** What the source says, e.g. "HasOptedOutOfEmail=true" or "status=unsubscribed". */
  basis: string;
  recordedAt: Date;
}

/** Consent as each source states it: CRM email opt-out, list status and per-channel permissions. */
export function consentsOf(records: RecordRow[]): ConsentView[] {
  const consents: ConsentView[] = [];
  const consent = (r: RecordRow, channel: string, granted: boolean, basis: string): ConsentView => ({
    source: r.source,
    entity: r.entity,
    externalId: r.externalId,
    channel,
    granted,
    basis,
    recordedAt: changedAt(r),
  });
  for (const r of records) {
    if (r.entity === 'contact') {
      const optedOut = (r.data as unknown as ContactData).hasOptedOutOfEmail;
      consents.push(consent(r, 'email', !optedOut, `HasOptedOutOfEmail=${optedOut}`));
    } else if (r.entity === 'member') {
      const m = r.data as unknown as MemberData;
      consents.push(consent(r, 'email', m.status === 'subscribed', `status=${m.status}`));
      for (const p of m.permissions ?? []) {
        // a permission counts only while the member is subscribed: the basis names the status that overrides it
        const overridden = m.status === 'subscribed' ? '' : `, overridden by status=${m.status}`;
        consents.push(consent(r, p.text, p.enabled && m.status === 'subscribed', `marketing_permission ${p.id} enabled=${p.enabled}${overridden}`));
      }
    }
  }
  return consents;
}
