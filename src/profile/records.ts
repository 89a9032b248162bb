/** A source record as the read side sees it. The raw payload is loaded only when asked for (payloads loader). */
export interface RecordRow {
  id: string;
  source: string;
  entity: string;
  externalId: string;
  data: Record<string, unknown>;
  person: Record<string, unknown> | null;
  quality: unknown[];
  contentHash: string;
  ownerEntity: string | null;
  ownerExternalId: string | null;
  personRecordId: string | null;
  sourceChangedAt: Date | null;
  firstSeenAt: Date;
  lastChangedAt: Date;
}

export const RECORD_COLUMNS = `r.id::text AS id, r.source, r.entity, r.external_id AS "externalId", r.data, r.person, r.quality,
  r.content_hash AS "contentHash", r.owner_entity AS "ownerEntity", r.owner_external_id AS "ownerExternalId",
  r.person_record_id::text AS "personRecordId", r.source_changed_at AS "sourceChangedAt",
  r.first_seen_at AS "firstSeenAt", r.last_changed_at AS "lastChangedAt"`;

/** When a record last changed, as its source says, else when Tessera saw the change. */
export function changedAt(r: Pick<RecordRow, 'sourceChangedAt' | 'lastChangedAt'>): Date {
  return r.sourceChangedAt ?? r.lastChangedAt;
}

/** A fact shown with a profile (email activity, CRM account, opportunity): what its views read, no more. */
export type FactRow = Pick<RecordRow, 'id' | 'source' | 'entity' | 'externalId' | 'data'>;

/** The columns of a FactRow: a profile reads many facts, so each carries only these. */
export const FACT_COLUMNS = `r.id::text AS id, r.source, r.entity, r.external_id AS "externalId", r.data`;

/** An account's opportunity with the customer of the contact it names (null: no contact, or not resolved). */
export type AccountOpportunityRow = FactRow & { customerId: string | null };

/** The columns of an AccountOpportunityRow: its customer is its contact's, read by primary key. */
export const ACCOUNT_OPPORTUNITY_COLUMNS = `${FACT_COLUMNS},
  (SELECT contact.customer_id::text FROM source_record contact WHERE contact.id = r.person_record_id) AS "customerId"`;
