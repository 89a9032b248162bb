// The contract between source parsers and ingest: every native format is
// parsed into MappedRecords. Parsers are pure (stream in, records out).

/** What kind of thing a source record is. Person entities feed identity resolution. */
export type Entity =
  | 'contact' // Salesforce Contact (person)
  | 'account' // Salesforce Account
  | 'opportunity' // Salesforce Opportunity
  | 'user' // Zendesk user (person)
  | 'ticket' // Zendesk ticket
  | 'ticket_metrics' // Zendesk ticket_metric
  | 'member' // Mailchimp list member (person)
  | 'activity' // Mailchimp member activity item
  | 'person' // generic NDJSON person (person)
  | 'interaction'; // generic NDJSON interaction

export const PERSON_ENTITIES: readonly Entity[] = ['contact', 'user', 'member', 'person'];

export interface PostalAddress {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postcode?: string;
  country?: string;
}

export interface Identifier {
  /** Namespaced type shared across systems, e.g. `customer_number`, `loyalty_number`. */
  type: string;
  value: string;
}

/** Person attributes exactly as the source holds them (trimmed, not normalised). */
export interface PersonAttributes {
  firstName?: string;
  lastName?: string;
  /** Only when the source has a single name field and no split. */
  fullName?: string;
  emails: string[];
  phones: string[];
  addresses: PostalAddress[];
  /** Raw birth date text as found (e.g. `1980-05-17`, `05/17`); normalised by identity. */
  birthDate?: string;
  identifiers: Identifier[];
}

/** One entry of the cross-channel timeline that a record contributes. */
export interface JourneyEvent {
  /** e.g. ticket_opened, ticket_solved, email_sent, email_opened, email_clicked, opportunity_won */
  type: string;
  /** email | support | sales | web | store | ... */
  channel: string;
  /** ISO-8601 timestamp. */
  occurredAt: string;
  /** Short human text without personal data, e.g. "Ticket #123 solved". */
  summary: string;
  attributes?: Record<string, unknown>;
}

export interface MappedRecord {
  entity: Entity;
  /** The record's id in its source system (unique per source + entity). */
  externalId: string;
  /** The record as read, untouched (CSV row as an object of strings, JSON object as is). */
  payload: Record<string, unknown>;
  /** When the source last changed it (ISO-8601), when the source says. */
  sourceChangedAt?: string;
  /** The source marks it deleted (IsDeleted, status deleted/archived, deleted: true). */
  deleted: boolean;
  /** Person entities only. */
  person?: PersonAttributes;
  /** For facts: the record in the same source that owns this one (ticket → user, metrics → ticket). */
  owner?: { entity: Entity; externalId: string };
  /** Canonical, typed fields for reads (see the *Data interfaces below). */
  data: Record<string, unknown>;
  events: JourneyEvent[];
}

/** Where something is in a file: 1-based text line, 0-based byte offset. */
export interface FilePosition {
  line: number;
  byte: number;
}

/**
 * `line` is the line (CSV, NDJSON) or, in a JSON document, the record's 1-based position in its list;
 * `at` (JSON documents only) is where that record starts in the file.
 */
export type ParseResult =
  | { ok: true; line: number; at?: FilePosition; record: MappedRecord }
  | { ok: false; line: number; at?: FilePosition; reason: string };

// Canonical `data` per entity. Absent values are omitted, never empty strings.
export interface ContactData {
  accountId?: string;
  title?: string;
  hasOptedOutOfEmail: boolean;
  doNotCall?: boolean;
  leadSource?: string;
}
export interface AccountData {
  name: string;
  type?: string;
  industry?: string;
  website?: string;
  billingCity?: string;
  billingCountry?: string;
}
export interface OpportunityData {
  name: string;
  amount?: number;
  currency?: string;
  stage: string;
  closeDate?: string; // YYYY-MM-DD
  isWon: boolean;
  isClosed: boolean;
  accountId?: string;
  contactId?: string;
}
export interface UserData {
  role?: string;
  organizationId?: string;
}
export interface TicketData {
  subject?: string;
  status: string; // new | open | pending | hold | solved | closed | deleted
  priority?: string;
  channel?: string; // via.channel: email, web, chat, voice, api, ...
  createdAt: string;
  updatedAt?: string;
  solvedAt?: string;
  satisfaction?: string; // good | bad | offered | unoffered
  satisfactionComment?: string;
  tags?: string[];
}
export interface TicketMetricsData {
  ticketId: string;
  reopens: number;
  replies: number;
  assigneeStations: number;
  groupStations: number;
  fullResolutionMinutes?: number;
  firstResolutionMinutes?: number;
  solvedAt?: string;
}
export interface MemberData {
  listId: string;
  emailAddress: string;
  status: string; // subscribed | unsubscribed | cleaned | pending | transactional | archived
  permissions: { id: string; text: string; enabled: boolean }[];
  optInAt?: string;
  lastChanged?: string;
  tags?: string[];
}
export interface ActivityData {
  listId?: string;
  campaignId?: string;
  action: string; // sent | open | click | bounce | unsub | ...
  occurredAt: string;
  title?: string;
  url?: string;
}
export interface InteractionData {
  action: string;
  channel: string;
  occurredAt: string;
  summary?: string;
  value?: number;
  attributes?: Record<string, unknown>;
}
