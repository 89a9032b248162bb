import type { MigrationInterface, QueryRunner } from 'typeorm';
import { consentSelectSql, LIVE_PERSONS_FOR_CONSENT } from '../src/segments/customer-consent-sql';

/**
 * customer_consent (docs/segments.md, Governance): each customer's consent per channel, written with the
 * customer's traits whenever their records change (the customer_metrics queue), so consent conditions and
 * the governance of marketing segments read an index instead of every contact and member record.
 */
export class CustomerConsent1765306000002 implements MigrationInterface {
  name = 'CustomerConsent1765306000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer_consent (
        customer_id uuid NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        channel text NOT NULL,
        granted boolean NOT NULL,
        PRIMARY KEY (customer_id, channel)
      )`);
    await q.query(`INSERT INTO customer_consent (customer_id, channel, granted) ${consentSelectSql(LIVE_PERSONS_FOR_CONSENT)}`);
    await q.query(`CREATE INDEX customer_consent_granted_idx ON customer_consent (channel, customer_id) WHERE granted`);
    await q.query('ANALYZE customer_consent');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer_consent');
  }
}
