import type { ConsentView, TicketView } from '../../profile/channel-views';
import type { ResolvedCustomer } from '../../profile/customer.repository';
import type { NameValue } from '../../profile/completeness';
import type { GoldenChoice, GoldenProfile, GoldenValue, Provenance as ProvenanceView } from '../../profile/golden-profile';
import type { FactRow, RecordRow } from '../../profile/records';
import type { JourneyEntryRow } from '../../journey/journey.repository';
import type { AccountData, ActivityData, MemberData, OpportunityData } from '../../sources/record';
import { CrmAccount, type CrmOpportunity } from './types/crm.type';
import { Customer } from './types/customer.type';
import type { JourneyEntry } from './types/journey.type';
import type { Consent, EmailActivity, MarketingSubscription } from './types/marketing.type';
import type { Profile, ProfileDate, ProfileName, ProfileValue } from './types/profile.type';
import type { Provenance } from './types/provenance.type';
import type { QualityNote, SourceRecord } from './types/source-record.type';
import type { SupportTicket } from './types/support.type';

// Small mappers from domain views to GraphQL types: entities never leave the domain.
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const dateOrNull = (v: string | undefined): Date | null => (v ? new Date(v) : null);

/**
 * A value of an object type that has field resolvers, built as an instance of its class: type-graphql copies a
 * plain object into a new instance for every field resolver that takes it as @Root (seven per profile for a
 * Customer), and passes an instance through as it is.
 */
export function asInstance<T extends object>(type: new () => T, fields: T): T {
  return Object.assign(new type(), fields);
}

export function toCustomer(c: ResolvedCustomer | { id: string; displayName: string; createdAt: Date; updatedAt: Date }): Customer {
  return asInstance(Customer, { id: c.id, mergedFrom: 'mergedFrom' in c ? c.mergedFrom : null, displayName: c.displayName, createdAt: c.createdAt, updatedAt: c.updatedAt });
}

const toProvenance = (p: ProvenanceView): Provenance => ({ ...p });
const toValue = (v: GoldenValue<string>): ProfileValue => ({ value: v.value, provenance: v.provenance.map(toProvenance) });

/** A golden name, or (without `beaten`) one it beat. */
const toName = (v: GoldenValue<NameValue> & Partial<GoldenChoice<NameValue>>): ProfileName => ({
  first: orNull(v.value.first),
  last: orNull(v.value.last),
  full: v.value.full,
  provenance: v.provenance.map(toProvenance),
  beaten: (v.beaten ?? []).map(toName),
});

const toDate = (v: GoldenValue<string> & Partial<GoldenChoice<string>>): ProfileDate => ({
  value: v.value,
  provenance: v.provenance.map(toProvenance),
  beaten: (v.beaten ?? []).map(toDate),
});

export function toProfile(p: GoldenProfile): Profile {
  return {
    name: p.name ? toName(p.name) : null,
    emails: p.emails.map(toValue),
    phones: p.phones.map(toValue),
    addresses: p.addresses.map((a) => ({
      line1: orNull(a.value.line1),
      line2: orNull(a.value.line2),
      city: orNull(a.value.city),
      region: orNull(a.value.region),
      postcode: orNull(a.value.postcode),
      country: orNull(a.value.country),
      provenance: a.provenance.map(toProvenance),
    })),
    birthDate: p.birthDate ? toDate(p.birthDate) : null,
  };
}

export function toSourceRecord(r: RecordRow): SourceRecord {
  return {
    id: r.id,
    source: r.source,
    entity: r.entity,
    externalId: r.externalId,
    contentHash: r.contentHash,
    sourceChangedAt: r.sourceChangedAt,
    firstSeenAt: r.firstSeenAt,
    lastChangedAt: r.lastChangedAt,
    quality: (r.quality as QualityNote[]) ?? [],
  };
}

export function toOpportunity(r: FactRow): CrmOpportunity {
  const d = r.data as unknown as OpportunityData;
  return {
    id: r.id,
    source: r.source,
    externalId: r.externalId,
    name: d.name,
    amount: orNull(d.amount),
    currency: orNull(d.currency),
    stage: d.stage,
    closeDate: orNull(d.closeDate),
    isWon: d.isWon,
    isClosed: d.isClosed,
    accountExternalId: orNull(d.accountId),
  };
}

export function toAccount(r: FactRow, viewedCustomerId: string): CrmAccount {
  const d = r.data as unknown as AccountData;
  return asInstance(CrmAccount, {
    viewedCustomerId,
    id: r.id,
    source: r.source,
    externalId: r.externalId,
    name: d.name,
    type: orNull(d.type),
    industry: orNull(d.industry),
    website: orNull(d.website),
    billingCity: orNull(d.billingCity),
    billingCountry: orNull(d.billingCountry),
  });
}

export function toTicket(t: TicketView): SupportTicket {
  return {
    id: t.record.id,
    source: t.record.source,
    externalId: t.record.externalId,
    subject: orNull(t.data.subject),
    status: t.data.status,
    priority: orNull(t.data.priority),
    channel: orNull(t.data.channel),
    createdAt: new Date(t.data.createdAt),
    solvedAt: dateOrNull(t.data.solvedAt),
    satisfaction: orNull(t.data.satisfaction),
    reopens: t.metrics?.reopens ?? null,
    replies: t.metrics?.replies ?? null,
    handoffs: t.handoffs,
    fullResolutionMinutes: t.metrics?.fullResolutionMinutes ?? null,
  };
}

export function toSubscription(s: { record: RecordRow; data: MemberData }): MarketingSubscription {
  return {
    id: s.record.id,
    source: s.record.source,
    externalId: s.record.externalId,
    listId: s.data.listId,
    status: s.data.status,
    optInAt: dateOrNull(s.data.optInAt),
    lastChanged: dateOrNull(s.data.lastChanged),
  };
}

export const toConsent = (c: ConsentView): Consent => ({ ...c });

export function toEmailActivity(r: FactRow): EmailActivity {
  const d = r.data as unknown as ActivityData;
  return { id: r.id, source: r.source, action: d.action, occurredAt: new Date(d.occurredAt), campaignId: orNull(d.campaignId), title: orNull(d.title) };
}

export function toJourneyEntry(e: JourneyEntryRow): JourneyEntry {
  return {
    id: e.id,
    occurredAt: e.occurredAt,
    type: e.type,
    channel: e.channel,
    source: e.source,
    recordId: e.recordId,
    summary: e.summary,
    attributes: e.attributes,
  };
}
