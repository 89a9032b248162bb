import type { DataSource, EntityManager } from 'typeorm';
import type { KeyRow } from './matching/link-by-keys';

export interface PersonRow {
  id: string;
  customerId: string | null;
  firstName: string | null;
  fullName: string | null;
}

/** Reads the live person records and their keys, and writes customer assignments set-based. */
export class ResolveRepository {
  constructor(private readonly dataSource: DataSource) {}

  async livePersons(): Promise<PersonRow[]> {
    const rows: { id: string; customer_id: string | null; first_name: string | null; full_name: string | null }[] =
      await this.dataSource.query(
        `SELECT id, customer_id, person ->> 'firstName' AS first_name, person ->> 'fullName' AS full_name
         FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL`,
      );
    return rows.map((r) => ({ id: String(r.id), customerId: r.customer_id, firstName: r.first_name, fullName: r.full_name }));
  }

  async keys(): Promise<KeyRow[]> {
    const rows: { record_id: string; kind: string; value: string }[] = await this.dataSource.query(
      'SELECT record_id, kind, value FROM identity_key',
    );
    return rows.map((r) => ({ recordId: String(r.record_id), kind: r.kind, value: r.value }));
  }

  async existingCustomerIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM customer');
    return rows.map((r) => r.id);
  }

  async apply(change: {
    created: string[];
    moves: { recordId: string; customerId: string }[];
    aliases: Map<string, string>;
    removed: string[];
  }): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (change.created.length > 0) {
        await em.query('INSERT INTO customer (id) SELECT unnest($1::uuid[])', [change.created]);
      }
      if (change.moves.length > 0) {
        await em.query(
          `UPDATE source_record r SET customer_id = m.customer_id
           FROM unnest($1::bigint[], $2::uuid[]) AS m(id, customer_id) WHERE r.id = m.id`,
          [change.moves.map((m) => m.recordId), change.moves.map((m) => m.customerId)],
        );
      }
      await this.writeAliases(em, change.aliases);
      if (change.removed.length > 0) await em.query('DELETE FROM customer WHERE id = ANY($1::uuid[])', [change.removed]);
    });
  }

  /** An absorbed id resolves to its new customer; older aliases of the absorbed id follow it. */
  private async writeAliases(em: EntityManager, aliases: Map<string, string>): Promise<void> {
    if (aliases.size === 0) return;
    const from = [...aliases.keys()];
    const to = [...aliases.values()];
    await em.query(
      `UPDATE customer_alias a SET customer_id = m.target FROM unnest($1::uuid[], $2::uuid[]) AS m(absorbed, target)
       WHERE a.customer_id = m.absorbed`,
      [from, to],
    );
    await em.query(
      `INSERT INTO customer_alias (alias_id, customer_id, reason)
       SELECT absorbed, target, 'merged' FROM unnest($1::uuid[], $2::uuid[]) AS m(absorbed, target)
       ON CONFLICT (alias_id) DO UPDATE SET customer_id = EXCLUDED.customer_id`,
      [from, to],
    );
  }

  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE customer, customer_alias');
  }

  /** Customers with a record that changed after their summary was computed (renamed, deleted, ...). */
  async staleCustomerIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT c.id FROM customer c JOIN source_record r ON r.customer_id = c.id WHERE r.last_changed_at > c.updated_at`,
    );
    return rows.map((r) => r.id);
  }

  /** Recomputes the list name and search text of the given customers from their live person records. */
  async refreshSummaries(customerIds: string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE customer c SET display_name = s.display_name, search_text = s.search_text, updated_at = now()
       FROM (
         SELECT r.customer_id,
           coalesce((array_agg(n.name ORDER BY r.source_changed_at DESC NULLS LAST, r.id DESC) FILTER (WHERE n.name <> ''))[1], '') AS display_name,
           lower(string_agg(concat_ws(' ', n.name, r.person ->> 'emails', r.person ->> 'phones'), ' ')) AS search_text
         FROM source_record r
         CROSS JOIN LATERAL (SELECT coalesce(nullif(trim(concat_ws(' ', r.person ->> 'firstName', r.person ->> 'lastName')), ''),
                                             r.person ->> 'fullName', '') AS name) n
         WHERE r.customer_id = ANY($1::uuid[]) AND r.deleted_at IS NULL
         GROUP BY r.customer_id
       ) s
       WHERE c.id = s.customer_id`,
      [customerIds],
    );
  }
}
