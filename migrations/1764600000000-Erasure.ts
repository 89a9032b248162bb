import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Right to erasure (docs/privacy.md): a receipt per erased customer listing, per source system, the
 * external ids that must also be deleted there; and suppression entries (keyed hashes of those records'
 * natural keys, never the keys themselves) so a later import from a silo does not bring the person back.
 */
export class Erasure1764600000000 implements MigrationInterface {
  name = 'Erasure1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erasure_receipt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id uuid NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        reason text NOT NULL,
        sources jsonb NOT NULL,
        records integer NOT NULL
      )`);
    await q.query(`CREATE INDEX erasure_receipt_customer_idx ON erasure_receipt (customer_id)`);
    await q.query(`
      CREATE TABLE suppression (
        key_hash text PRIMARY KEY,
        receipt_id bigint NOT NULL REFERENCES erasure_receipt (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE suppression');
    await q.query('DROP TABLE erasure_receipt');
  }
}
