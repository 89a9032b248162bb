import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What probabilistic resolution keeps between runs: the estimated model, each person record's blocking
 * keys and resolved state (for incremental runs), the scored pairs that made or almost made a customer
 * (the review queue is the 'review' slice of them), human decisions, and customer lineage.
 */
export class IdentityStore1764300000000 implements MigrationInterface {
  name = 'IdentityStore1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_model (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        version integer NOT NULL,
        model jsonb NOT NULL,
        estimated boolean NOT NULL,
        record_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Which content of each person record the current clusters were computed from.
    await q.query(`
      CREATE TABLE identity_record (
        record_id bigint PRIMARY KEY REFERENCES source_record (id) ON DELETE CASCADE,
        content_hash text NOT NULL,
        key_version integer NOT NULL,
        resolved_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Blocking keys as 64-bit hashes of "rule:value": incremental candidates are one index lookup per key.
    await q.query(`
      CREATE TABLE identity_block_key (
        record_id bigint NOT NULL REFERENCES source_record (id) ON DELETE CASCADE,
        key_hash bigint NOT NULL,
        PRIMARY KEY (record_id, key_hash)
      )`);
    await q.query(`CREATE INDEX identity_block_key_hash_idx ON identity_block_key (key_hash, record_id)`);
    await q.query(`
      CREATE TABLE identity_link (
        record_a bigint NOT NULL REFERENCES source_record (id) ON DELETE CASCADE,
        record_b bigint NOT NULL REFERENCES source_record (id) ON DELETE CASCADE,
        probability double precision NOT NULL,
        weight double precision NOT NULL,
        blocking_rule text,
        decision text NOT NULL CHECK (decision IN ('match', 'review', 'refused', 'linked', 'split')),
        rule text NOT NULL,
        impact integer NOT NULL DEFAULT 0,
        model_id bigint,
        scored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_a, record_b),
        CHECK (record_a < record_b)
      )`);
    await q.query(`CREATE INDEX identity_link_b_idx ON identity_link (record_b)`);
    // The review queue: keyset pages by impact.
    await q.query(`CREATE INDEX identity_link_review_idx ON identity_link (impact DESC, record_a, record_b) WHERE decision = 'review'`);
    await q.query(`
      CREATE TABLE identity_decision (
        record_a bigint NOT NULL REFERENCES source_record (id) ON DELETE CASCADE,
        record_b bigint NOT NULL REFERENCES source_record (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('link', 'split')),
        actor text NOT NULL,
        reason text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_a, record_b),
        CHECK (record_a < record_b)
      )`);
    await q.query(`CREATE INDEX identity_decision_b_idx ON identity_decision (record_b)`);
    // No foreign key on customer ids: history outlives merged and emptied customers.
    await q.query(`
      CREATE TABLE customer_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('created', 'merged', 'absorbed', 'split', 'split_from', 'linked', 'emptied')),
        related_customer_id uuid,
        record_ids bigint[] NOT NULL DEFAULT '{}',
        actor text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX customer_event_customer_idx ON customer_event (customer_id, at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['customer_event', 'identity_decision', 'identity_link', 'identity_block_key', 'identity_record', 'identity_model']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
