import type { DataSource } from 'typeorm';
import { RECORDS_OF_CUSTOMER } from './records-of-customer-sql';

export interface SegmentChange {
  segmentId: string;
  segment: string;
  customerId: string;
  change: 'entered' | 'left';
  at: Date;
}

/** Everything stored about one customer, read for a data-subject export (set-based, a few statements). */
export class SubjectExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async customer(id: string): Promise<{ id: string; displayName: string; searchText: string; createdAt: Date; updatedAt: Date; aliases: string[] } | null> {
    const rows = await this.dataSource.query(
      `SELECT c.id, c.display_name AS "displayName", c.search_text AS "searchText", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
              coalesce((SELECT array_agg(a.alias_id::text ORDER BY a.alias_id) FROM customer_alias a WHERE a.customer_id = c.id), '{}') AS aliases
       FROM customer c WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Every record of the customer with payload and lineage, those the source marked deleted included
   * (`deletedAt`), in the columns the profile reads too (RecordRow) so the golden profile is built from them.
   */
  async records(customerId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT r.id::text AS id, r.source, r.entity, r.external_id AS "externalId", r.payload, r.data, r.person, r.quality,
              r.content_hash AS "contentHash", r.owner_entity AS "ownerEntity", r.owner_external_id AS "ownerExternalId",
              r.source_changed_at AS "sourceChangedAt", r.first_seen_at AS "firstSeenAt", r.last_changed_at AS "lastChangedAt",
              r.deleted_at AS "deletedAt", r.import_run_id::text AS "importRunId", i.started_at AS "importedAt",
              r.person_record_id::text AS "personRecordId"
       FROM source_record r LEFT JOIN import_run i ON i.id = r.import_run_id
       WHERE r.id IN (${RECORDS_OF_CUSTOMER})
       ORDER BY r.id`,
      [customerId],
    );
  }

  /** The journey entries of those records (deleted ones included: they are stored until erased). */
  async journey(customerId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.record_id::text AS "recordId", e.occurred_at AS "occurredAt", e.type, e.channel, e.source, e.summary, e.attributes
       FROM journey_event e
       WHERE e.record_id IN (${RECORDS_OF_CUSTOMER})
       ORDER BY e.occurred_at, e.id`,
      [customerId],
    );
  }

  /** The customer's computed traits row (customer_metrics), as stored; null before the first recompute. */
  async traits(customerId: string): Promise<Record<string, unknown> | null> {
    const rows = await this.dataSource.query(`SELECT * FROM customer_metrics WHERE customer_id = $1`, [customerId]);
    return rows[0] ?? null;
  }

  /** What segment conditions test of the customer's records (customer_attributes), without the trait copies. */
  async segmentAttributes(customerId: string): Promise<Record<string, unknown> | null> {
    const rows = await this.dataSource.query(
      `SELECT has_email AS "hasEmail", has_phone AS "hasPhone", countries, cities, postcodes,
              ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(birth_dates) d) AS "birthDates"
       FROM customer_attributes WHERE customer_id = $1`,
      [customerId],
    );
    return rows[0] ?? null;
  }

  /** The segments the customer is in now, with the definition that put them there. */
  async memberships(customerId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT s.id AS "segmentId", s.name, s.description, s.purpose, s.status, m.entered_at AS "enteredAt", s.definition
       FROM segment_member m JOIN segment s ON s.id = m.segment_id
       WHERE m.customer_id = $1
       ORDER BY m.entered_at, s.id`,
      [customerId],
    );
  }

  /** Entries and exits of these customer ids (the person's and those merged into it), newest first, at most `limit`. */
  async segmentChanges(customerIds: string[], limit: number): Promise<SegmentChange[]> {
    return this.dataSource.query(
      `SELECT c.segment_id AS "segmentId", s.name AS segment, c.customer_id AS "customerId", c.change, c.at
       FROM segment_change c JOIN segment s ON s.id = c.segment_id
       WHERE c.customer_id = ANY($1::uuid[])
       ORDER BY c.at DESC, c.id DESC
       LIMIT $2`,
      [customerIds, limit],
    );
  }
}
