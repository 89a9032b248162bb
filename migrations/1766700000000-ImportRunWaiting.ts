import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import run stores how many records of its source wait for their owner when it finishes (a ticket whose
 * requester is not imported yet): the report printed it, the run's row did not. Null for runs before this
 * migration and for runs that stopped before counting (failed, interrupted): not counted, not "none".
 */
export class ImportRunWaiting1766700000000 implements MigrationInterface {
  name = 'ImportRunWaiting1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_run ADD COLUMN waiting integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_run DROP COLUMN waiting`);
  }
}
