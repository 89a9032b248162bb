import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The database role that appends to the access log (AUDIT_DATABASE_URL, docs/audit.md). */
export const AUDIT_WRITER_ROLE = 'tessera_audit_writer';

/**
 * Creates `tessera_audit_writer` (NOLOGIN: a login user is made a member of it) when the migrating user may
 * create roles, and grants it the least the appender needs: SELECT and INSERT on access_log, SELECT on
 * access_log_checkpoint (the chain head after a pruning). No UPDATE, DELETE, TRUNCATE, prune (EXECUTE on
 * access_log_prune is revoked from PUBLIC) or checkpoint writes, and nothing else in the database. Roles are
 * cluster-wide: an existing role (another database, a parallel migration) is reused. Without the right to
 * create it, the step is skipped with a warning.
 */
export class AuditWriterRole1764900000000 implements MigrationInterface {
  name = 'AuditWriterRole1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // Functions are executable by everyone unless revoked: pruning is for the owner (and whom it grants).
    await q.query(`REVOKE EXECUTE ON FUNCTION access_log_prune(bigint) FROM PUBLIC`);
    const [me]: { may_create: boolean; exists: boolean }[] = await q.query(
      `SELECT (rolsuper OR rolcreaterole) AS may_create, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists
       FROM pg_roles WHERE rolname = current_user`,
      [AUDIT_WRITER_ROLE],
    );
    if (!me!.exists && !me!.may_create) {
      q.connection.logger.log('warn', `${AUDIT_WRITER_ROLE} not created: the migrating user may not create roles (a DBA can run migrations/1764900000000-AuditWriterRole.ts's SQL, see docs/audit.md)`);
      return;
    }
    // The exception handler makes this a subtransaction: when a concurrent migration creates the role first, this one reuses it.
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${AUDIT_WRITER_ROLE}') THEN
          CREATE ROLE ${AUDIT_WRITER_ROLE} NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`REVOKE ALL ON access_log, access_log_checkpoint FROM ${AUDIT_WRITER_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON access_log TO ${AUDIT_WRITER_ROLE}`);
    await q.query(`GRANT SELECT ON access_log_checkpoint TO ${AUDIT_WRITER_ROLE}`);
    await q.query(`DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${AUDIT_WRITER_ROLE}', current_schema()); END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role stays: it is cluster-wide and other databases may grant to it.
    const [role] = await q.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [AUDIT_WRITER_ROLE]);
    if (role) await q.query(`REVOKE ALL ON access_log, access_log_checkpoint FROM ${AUDIT_WRITER_ROLE}`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_log_prune(bigint) TO PUBLIC`);
  }
}
