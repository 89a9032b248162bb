import type { DataSource } from 'typeorm';

/** Everything stored about one customer, read for a data-subject export (set-based, a few statements). */
export class SubjectExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async customer(id: string): Promise<{ id: string; createdAt: Date; updatedAt: Date; aliases: string[] } | null> {
    const rows = await this.dataSource.query(
      `SELECT c.id, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
              coalesce((SELECT array_agg(a.alias_id::text ORDER BY a.alias_id) FROM customer_alias a WHERE a.customer_id = c.id), '{}') AS aliases
       FROM customer c WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Every live record of the customer (its person records and what they own), with payload and lineage. */
  async records(customerId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT r.id::text AS id, r.source, r.entity, r.external_id AS "externalId", r.payload, r.data, r.person, r.quality,
              r.content_hash AS "contentHash", r.source_changed_at AS "sourceChangedAt", r.first_seen_at AS "firstSeenAt",
              r.last_changed_at AS "lastChangedAt", r.import_run_id::text AS "importRunId", i.started_at AS "importedAt",
              r.person_record_id::text AS "personRecordId"
       FROM source_record p
       JOIN source_record r ON r.person_record_id = p.id AND r.deleted_at IS NULL
       LEFT JOIN import_run i ON i.id = r.import_run_id
       WHERE p.customer_id = $1 AND p.person IS NOT NULL AND p.deleted_at IS NULL
       ORDER BY r.id`,
      [customerId],
    );
  }

  async journey(customerId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.record_id::text AS "recordId", e.occurred_at AS "occurredAt", e.type, e.channel, e.source, e.summary, e.attributes
       FROM source_record p
       JOIN source_record r ON r.person_record_id = p.id AND r.deleted_at IS NULL
       JOIN journey_event e ON e.record_id = r.id
       WHERE p.customer_id = $1 AND p.person IS NOT NULL AND p.deleted_at IS NULL
       ORDER BY e.occurred_at, e.id`,
      [customerId],
    );
  }
}
