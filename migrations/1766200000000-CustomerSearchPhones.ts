import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's search text also holds each phone as the profile shows it (E.164) and as bare digits, not
 * only as its source wrote it: a search for +18575558367 or 8575558367 found nobody whose record said
 * "(857) 555-8367". Resolution writes the new form from now on; this fills it in for existing customers.
 */
export class CustomerSearchPhones1766200000000 implements MigrationInterface {
  name = 'CustomerSearchPhones1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE customer c SET search_text = s.search_text
      FROM (
        SELECT r.customer_id,
          lower(string_agg(concat_ws(' ', n.name, r.person ->> 'emails', r.person ->> 'phones', p.phones), ' ')) AS search_text
        FROM source_record r
        CROSS JOIN LATERAL (SELECT coalesce(nullif(trim(concat_ws(' ', r.person ->> 'firstName', r.person ->> 'lastName')), ''),
                                            r.person ->> 'fullName', '') AS name) n
        CROSS JOIN LATERAL (SELECT string_agg(k.value || ' ' || substr(k.value, 2), ' ') AS phones
                            FROM identity_key k WHERE k.record_id = r.id AND k.kind = 'phone') p
        WHERE r.customer_id IS NOT NULL AND r.deleted_at IS NULL
        GROUP BY r.customer_id
      ) s
      WHERE c.id = s.customer_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE customer c SET search_text = s.search_text
      FROM (
        SELECT r.customer_id, lower(string_agg(concat_ws(' ', n.name, r.person ->> 'emails', r.person ->> 'phones'), ' ')) AS search_text
        FROM source_record r
        CROSS JOIN LATERAL (SELECT coalesce(nullif(trim(concat_ws(' ', r.person ->> 'firstName', r.person ->> 'lastName')), ''),
                                            r.person ->> 'fullName', '') AS name) n
        WHERE r.customer_id IS NOT NULL AND r.deleted_at IS NULL
        GROUP BY r.customer_id
      ) s
      WHERE c.id = s.customer_id`);
  }
}
