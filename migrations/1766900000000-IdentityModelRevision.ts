import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * identity_model.revision: bumped whenever a stored model is changed in place (an erasure takes the person's
 * values out of its term frequencies). Processes hold the latest model in memory, read once per (id,
 * revision): at 10^6 records its JSON is 2.5 MB and took 0.3 s to read for every explanation.
 */
export class IdentityModelRevision1766900000000 implements MigrationInterface {
  name = 'IdentityModelRevision1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity_model ADD COLUMN revision integer NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity_model DROP COLUMN revision');
  }
}
