import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets and ticket metrics by when they last changed: the surveyed half of the contact-fatigue rule and the
 * derived ticket_reopened event read them by that time (a sequential scan of source_record, 2.2 s at a
 * million customers, was most of a governed preview once consent had its projection).
 */
export class TicketChangeIndex1765306000003 implements MigrationInterface {
  name = 'TicketChangeIndex1765306000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX source_record_ticket_changed_idx ON source_record (entity, (coalesce(source_changed_at, last_changed_at)))
      WHERE entity IN ('ticket', 'ticket_metrics') AND deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX source_record_ticket_changed_idx');
  }
}
