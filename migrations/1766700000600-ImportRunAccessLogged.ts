import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import run says whether its access-log entries are written (`access_logged`, set in the transaction
 * that writes them) and who ran it (`access_by`: actor, roles, purpose, client), so a run whose process died
 * after committing records but before its entries (kill -9 during resolution, a crash) is found and logged
 * by the next import of its source (src/ingest/import.service.ts). Runs before this migration count as
 * logged: whether their entries were written cannot be told without reading the whole log.
 */
export class ImportRunAccessLogged1766700000600 implements MigrationInterface {
  name = 'ImportRunAccessLogged1766700000600';

  async up(q: QueryRunner): Promise<void> {
    // existing rows take true (no rewrite of the table), new runs start false
    await q.query(`ALTER TABLE import_run ADD COLUMN access_logged boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE import_run ALTER COLUMN access_logged SET DEFAULT false`);
    await q.query(`ALTER TABLE import_run ADD COLUMN access_by jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_run DROP COLUMN access_by, DROP COLUMN access_logged`);
  }
}
