import type { Operator, SourceSystem, ValueType } from './definition';

// Typed catalogues of what a condition may name. The compiler takes identifiers and SQL shapes only from
// here (and from the trait catalogue), never from a definition.

/**
 * What a condition reads, as the API shows it, so the caller's policy can decide: `value` needs the field
 * allowed; `presence` needs it visible in any form (allowed, masked to something, pseudonymised); `year`
 * needs it allowed or masked to the year.
 */
export interface FieldRead {
  coordinate: string;
  needs: 'value' | 'presence' | 'year';
}

export interface ProfileAttributeSpec {
  name: string;
  type: ValueType;
  operators: readonly Operator[];
  reads: FieldRead;
  description: string;
}

const MULTI_TEXT: readonly Operator[] = ['eq', 'in', 'isNull', 'isNotNull'];

/** Profile attributes, read from the customer's live person records (any record holding the value counts). */
export const PROFILE_ATTRIBUTES: readonly ProfileAttributeSpec[] = [
  { name: 'email', type: 'presence', operators: ['isNull', 'isNotNull'], reads: { coordinate: 'ProfileEmail.value', needs: 'presence' }, description: 'has (isNotNull) or lacks (isNull) a valid email address' },
  { name: 'phone', type: 'presence', operators: ['isNull', 'isNotNull'], reads: { coordinate: 'ProfilePhone.value', needs: 'presence' }, description: 'has or lacks a phone number' },
  { name: 'country', type: 'text', operators: MULTI_TEXT, reads: { coordinate: 'ProfileAddress.country', needs: 'value' }, description: 'country of any address: an ISO 3166 code or a common name (GB, UK, United Kingdom are one country); other names case-insensitive' },
  { name: 'city', type: 'text', operators: MULTI_TEXT, reads: { coordinate: 'ProfileAddress.city', needs: 'value' }, description: 'city of any address, case-insensitive' },
  { name: 'postcode', type: 'text', operators: MULTI_TEXT, reads: { coordinate: 'ProfileAddress.postcode', needs: 'value' }, description: 'postcode of any address, case and spaces ignored' },
  { name: 'birthDate', type: 'date', operators: ['eq', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull', 'isNotNull'], reads: { coordinate: 'ProfileDate.value', needs: 'value' }, description: 'birth date (YYYY-MM-DD) of any record' },
  { name: 'birthYear', type: 'integer', operators: ['eq', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'isNull', 'isNotNull'], reads: { coordinate: 'ProfileDate.value', needs: 'year' }, description: 'year of birth: usable where birth dates are masked to the year' },
];

/** Person entities of each kind of system (src/sources/record.ts). */
export const SOURCE_SYSTEMS: Record<SourceSystem, readonly string[]> = {
  crm: ['contact'],
  support: ['user'],
  marketing: ['member'],
  other: ['person'],
};

export const SOURCE_READ: FieldRead = { coordinate: 'SourceRecord.source', needs: 'value' };
export const CONSENT_READ: FieldRead = { coordinate: 'Consent.granted', needs: 'value' };

export interface EventTypeSpec {
  type: string;
  channel: string;
  description: string;
  /** Derived events are not journey entries: the compiler has a SQL shape for each. */
  derived?: 'ticket_reopened';
  reads: FieldRead;
}

const JOURNEY: FieldRead = { coordinate: 'JourneyEntry.type', needs: 'value' };
// That a deal was created, won or lost is its stage (financial); that a ticket was rated is its rating
// (support content): a condition on such an event reads that field, not just the journey's type.
const DEAL_STAGE: FieldRead = { coordinate: 'CrmOpportunity.stage', needs: 'value' };
const TICKET_RATING: FieldRead = { coordinate: 'SupportTicket.satisfaction', needs: 'value' };

/** Journey event types the shipped sources write (docs/graphql.md), plus derived ones. */
export const EVENT_TYPES: readonly EventTypeSpec[] = [
  { type: 'email_sent', channel: 'email', description: 'a campaign was sent to the customer', reads: JOURNEY },
  { type: 'email_opened', channel: 'email', description: 'opened a campaign', reads: JOURNEY },
  { type: 'email_clicked', channel: 'email', description: 'clicked a link in a campaign', reads: JOURNEY },
  { type: 'email_bounced', channel: 'email', description: 'a campaign bounced', reads: JOURNEY },
  { type: 'email_unsubscribed', channel: 'email', description: 'unsubscribed from a campaign', reads: JOURNEY },
  { type: 'subscribed', channel: 'email', description: 'subscribed to a list', reads: JOURNEY },
  { type: 'unsubscribed', channel: 'email', description: 'unsubscribed from a list', reads: JOURNEY },
  { type: 'ticket_opened', channel: 'support', description: 'opened a support ticket', reads: JOURNEY },
  { type: 'ticket_solved', channel: 'support', description: 'a ticket was solved', reads: JOURNEY },
  { type: 'ticket_rated', channel: 'support', description: 'rated a ticket (satisfaction good or bad)', reads: TICKET_RATING },
  { type: 'opportunity_created', channel: 'sales', description: 'an opportunity was created', reads: DEAL_STAGE },
  { type: 'opportunity_won', channel: 'sales', description: 'an opportunity was won', reads: DEAL_STAGE },
  { type: 'opportunity_lost', channel: 'sales', description: 'an opportunity was lost', reads: DEAL_STAGE },
  {
    type: 'ticket_reopened',
    channel: 'support',
    description: 'a ticket of the customer was reopened (ticket metrics reopens > 0), timed when its metrics last changed',
    derived: 'ticket_reopened',
    reads: { coordinate: 'SupportTicket.reopens', needs: 'value' },
  },
];

/** Other journey types (NDJSON interactions name their own) read the journey like the shipped ones. */
export function eventTypeSpec(type: string): EventTypeSpec {
  return EVENT_TYPES.find((e) => e.type === type) ?? { type, channel: '', description: 'a journey entry of this type', reads: JOURNEY };
}

/** Extra fields an event condition reads when it narrows by channel or source. */
export const EVENT_CHANNEL_READ: FieldRead = { coordinate: 'JourneyEntry.channel', needs: 'value' };
export const EVENT_SOURCE_READ: FieldRead = { coordinate: 'JourneyEntry.source', needs: 'value' };

/** Governance (docs/segments.md): what counts as contacting or surveying a customer for the fatigue rule. */
export const FATIGUE_EVENT_TYPES = ['email_sent', 'ticket_rated'] as const;
/** Ticket satisfaction values that mean a survey was offered or answered. */
export const SURVEYED_SATISFACTION = ['offered', 'good', 'bad'] as const;
