import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * identity_state.summary_rules: the rules (and summary code version) every customer's list name and search
 * text were last computed with. A full run recomputes every summary only when they differ; otherwise only
 * those of the customers it changed (at 10^6 records the summaries of 491,543 customers took 23–38 s of
 * every full run). NULL until the first full run after this migration, which so refreshes them all.
 */
export class IdentitySummaryRules1766800000100 implements MigrationInterface {
  name = 'IdentitySummaryRules1766800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity_state ADD COLUMN summary_rules text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity_state DROP COLUMN summary_rules');
  }
}
