import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket metrics belong to their ticket, and so to the ticket's requester. Until this release an import that
 * moved a ticket to another requester left its metrics with the old person record (person_record_id was only
 * ever set when NULL), so the old customer kept the handoffs and reopens and the new one showed none. Imports
 * now carry the owned facts along (src/ingest/source-record.repository.ts, followOwners); this puts the facts
 * moved before that with their owner. Each UPDATE fires the metrics queue trigger, which queues the customers
 * of the old and the new person record. A level of the chain per pass; chains are one level deep today.
 */
export class FactsFollowOwningFact1766600000000 implements MigrationInterface {
  name = 'FactsFollowOwningFact1766600000000';

  async up(q: QueryRunner): Promise<void> {
    for (let pass = 0; pass < 8; pass += 1) {
      const [, moved]: [unknown, number] = await q.query(
        `UPDATE source_record d SET person_record_id = o.person_record_id
         FROM source_record o
         WHERE d.owner_external_id IS NOT NULL AND o.person IS NULL
           AND o.source = d.source AND o.entity = d.owner_entity AND o.external_id = d.owner_external_id
           AND d.person_record_id IS DISTINCT FROM o.person_record_id`,
      );
      if (!moved) break;
    }
  }

  async down(): Promise<void> {
    // a data repair: the stale links it corrected were wrong, and are not put back
  }
}
