import type { DataSource } from 'typeorm';
import { PreparedQueries } from '../db/prepared-query';

export interface JourneyEntryRow {
  customerId: string;
  id: string;
  recordId: string;
  occurredAt: Date;
  type: string;
  channel: string;
  source: string;
  summary: string;
  attributes: Record<string, unknown>;
}

export interface JourneyQuery {
  /** Page size; one extra row is read to know whether there is a next page. */
  first: number;
  /** Keyset position: entries strictly older than (occurredAt, id). */
  before?: { occurredAt: string; id: string };
  channels?: string[];
  from?: Date;
  to?: Date;
  /**
   * false: summary and attributes are read as null. They are most of an entry's bytes, and a page that only
   * shows types and times does not need them. Absent means true.
   */
  details?: boolean;
}

/**
 * One customer's journey page, newest first, as a subquery over the customer id expression `customerId`.
 * Its seven parameters start at `$firstParam` (see journeyPageParams). Shared by the journey statement and the
 * profile statement so both read a page the same way.
 */
export function journeyPageSql(customerId: string, firstParam: number): string {
  const p = (i: number) => `$${firstParam + i}`;
  return `SELECT e.id::text AS id, e.record_id::text AS "recordId", e.occurred_at AS "occurredAt", e.type, e.channel,
                 e.source, CASE WHEN ${p(6)}::boolean THEN e.summary END AS summary,
                 CASE WHEN ${p(6)}::boolean THEN e.attributes END AS attributes
          FROM source_record p
          JOIN source_record r ON r.person_record_id = p.id AND r.deleted_at IS NULL
          JOIN journey_event e ON e.record_id = r.id
          WHERE p.customer_id = ${customerId} AND p.person IS NOT NULL AND p.deleted_at IS NULL
            AND (${p(1)}::text[] IS NULL OR e.channel = ANY(${p(1)}::text[]))
            AND (${p(2)}::timestamptz IS NULL OR e.occurred_at >= ${p(2)})
            AND (${p(3)}::timestamptz IS NULL OR e.occurred_at < ${p(3)})
            AND (${p(4)}::timestamptz IS NULL OR (e.occurred_at, e.id) < (${p(4)}::timestamptz, ${p(5)}::bigint))
          ORDER BY e.occurred_at DESC, e.id DESC
          LIMIT ${p(0)}`;
}

/** The values of journeyPageSql's parameters, in order. */
export function journeyPageParams(q: JourneyQuery): unknown[] {
  return [
    q.first + 1,
    q.channels && q.channels.length > 0 ? q.channels : null,
    q.from ?? null,
    q.to ?? null,
    q.before?.occurredAt ?? null,
    q.before?.id ?? null,
    q.details !== false,
  ];
}

/** One LATERAL page per customer: one statement whatever the number of customers. */
export class JourneyRepository {
  private readonly prepared: PreparedQueries;
  constructor(dataSource: DataSource) {
    this.prepared = new PreparedQueries(dataSource);
  }

  async pages(customerIds: readonly string[], q: JourneyQuery): Promise<JourneyEntryRow[]> {
    return this.prepared.query(
      'journey_pages',
      `SELECT q.cid AS "customerId", e.* FROM unnest($1::uuid[]) AS q(cid)
       CROSS JOIN LATERAL (${journeyPageSql('q.cid', 2)}) e`,
      [customerIds, ...journeyPageParams(q)],
    );
  }
}
