import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import run can end `interrupted`: it was still `running` when a later run of its source started and no
 * session held its lock (src/ingest/import-run.repository.ts), i.e. its process was killed. Before, such a run
 * stayed `running` for ever, without finished_at. Runs left `running` by a kill before this migration are
 * marked by the next import of their source.
 */
export class ImportRunInterrupted1766400000001 implements MigrationInterface {
  name = 'ImportRunInterrupted1766400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_run DROP CONSTRAINT import_run_status_check`);
    await q.query(`ALTER TABLE import_run ADD CONSTRAINT import_run_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // the older schema knows no `interrupted`: such a run failed, and its error says why
    await q.query(`UPDATE import_run SET status = 'failed' WHERE status = 'interrupted'`);
    await q.query(`ALTER TABLE import_run DROP CONSTRAINT import_run_status_check`);
    await q.query(`ALTER TABLE import_run ADD CONSTRAINT import_run_status_check CHECK (status IN ('running', 'succeeded', 'failed'))`);
  }
}
