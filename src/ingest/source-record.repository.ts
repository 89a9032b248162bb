import type { DataSource, EntityManager } from 'typeorm';
import type { WaitingForOwner } from './import-report';
import type { PreparedRecord } from './prepared-record';

export interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Ids of the records written (inserted, updated or marked deleted), for the access log. */
  ids: number[];
}

interface ChangedRow {
  id: string;
  entity: string;
  external_id: string;
  inserted: boolean;
  deleted: boolean;
}

/**
 * One multi-row upsert per batch. A row is written only when its content hash changed and the
 * incoming copy is not older than the stored one, so re-running an import changes nothing.
 */
const UPSERT_SQL = `
  INSERT INTO source_record AS r (source, entity, external_id, payload, data, person, quality, content_hash,
    owner_entity, owner_external_id, person_record_id, source_changed_at, deleted_at, import_run_id)
  SELECT $2, x.entity, x.external_id, x.payload, x.data, x.person, x.quality, x.content_hash,
    x.owner_entity, x.owner_external_id, o.person_record_id, x.source_changed_at, CASE WHEN x.deleted THEN now() END, $3
  FROM jsonb_to_recordset($1::jsonb) AS x(entity text, external_id text, payload jsonb, data jsonb, person jsonb,
    quality jsonb, content_hash text, owner_entity text, owner_external_id text, source_changed_at timestamptz, deleted boolean)
  -- link to the owner already stored (owners come first in import order); later arrivals are linked by linkOwners
  LEFT JOIN LATERAL (
    SELECT CASE WHEN p.person IS NOT NULL THEN p.id ELSE p.person_record_id END AS person_record_id
    FROM source_record p WHERE p.source = $2 AND p.entity = x.owner_entity AND p.external_id = x.owner_external_id
  ) o ON true
  ON CONFLICT ON CONSTRAINT source_record_natural_key DO UPDATE SET
    payload = EXCLUDED.payload, data = EXCLUDED.data, person = EXCLUDED.person, quality = EXCLUDED.quality,
    content_hash = EXCLUDED.content_hash, owner_entity = EXCLUDED.owner_entity, owner_external_id = EXCLUDED.owner_external_id,
    source_changed_at = EXCLUDED.source_changed_at, last_changed_at = now(), import_run_id = EXCLUDED.import_run_id,
    deleted_at = CASE WHEN EXCLUDED.deleted_at IS NULL THEN NULL ELSE coalesce(r.deleted_at, EXCLUDED.deleted_at) END,
    person_record_id = CASE WHEN EXCLUDED.person_record_id IS NOT NULL THEN EXCLUDED.person_record_id
                            WHEN r.owner_external_id IS DISTINCT FROM EXCLUDED.owner_external_id
                              OR r.owner_entity IS DISTINCT FROM EXCLUDED.owner_entity THEN NULL
                            ELSE r.person_record_id END
  WHERE r.content_hash <> EXCLUDED.content_hash
    AND (r.source_changed_at IS NULL OR EXCLUDED.source_changed_at IS NULL OR EXCLUDED.source_changed_at >= r.source_changed_at)
  RETURNING r.id, r.entity, r.external_id, (r.xmax = 0) AS inserted, (r.deleted_at IS NOT NULL) AS deleted`;

const INSERT_EVENTS_SQL = `
  INSERT INTO journey_event (record_id, occurred_at, type, channel, source, summary, attributes)
  SELECT x.record_id, x.occurred_at, x.type, x.channel, $2, x.summary, coalesce(x.attributes, '{}')
  FROM jsonb_to_recordset($1::jsonb) AS x(record_id bigint, occurred_at timestamptz, type text, channel text, summary text, attributes jsonb)`;

const INSERT_KEYS_SQL = `
  INSERT INTO identity_key (record_id, kind, value)
  SELECT x.record_id, x.kind, x.value FROM jsonb_to_recordset($1::jsonb) AS x(record_id bigint, kind text, value text)
  ON CONFLICT DO NOTHING`;

export class SourceRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Upserts a batch (no duplicate natural keys) and refreshes its journey events and identity keys, atomically;
   * `withBatch` runs in the same transaction (the run's counts), so what it records commits with the rows.
   */
  async upsertBatch(source: string, runId: string, records: PreparedRecord[], withBatch?: (em: EntityManager, outcome: BatchOutcome) => Promise<void>): Promise<BatchOutcome> {
    const none: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, ids: [] };
    if (records.length === 0 && !withBatch) return none;
    return this.dataSource.transaction(async (em) => {
      const outcome = records.length === 0 ? none : await this.write(em, source, runId, records);
      await withBatch?.(em, outcome);
      return outcome;
    });
  }

  private async write(em: EntityManager, source: string, runId: string, records: PreparedRecord[]): Promise<BatchOutcome> {
    const rows = records.map((r) => ({
      entity: r.entity,
      external_id: r.externalId,
      payload: r.payload,
      data: r.data,
      person: r.person,
      quality: r.quality,
      content_hash: r.contentHash,
      owner_entity: r.ownerEntity,
      owner_external_id: r.ownerExternalId,
      source_changed_at: r.sourceChangedAt,
      deleted: r.deleted,
    }));
    const changed: ChangedRow[] = await em.query(UPSERT_SQL, [JSON.stringify(rows), source, runId]);
    if (changed.length > 0) await this.refreshDerivedRows(em, source, records, changed);
    // a fact that moved to another person (a ticket re-assigned) takes the facts it owns along, in the same
    // transaction, so its metrics never stay with the old customer
    if (changed.length > 0) await followOwners(em, changed.map((c) => c.id));
    // each written row is counted once: a deletion is a deletion, not also an insert or an update
    const deleted = changed.filter((c) => c.deleted).length;
    const inserted = changed.filter((c) => c.inserted && !c.deleted).length;
    return {
      inserted,
      updated: changed.length - inserted - deleted,
      unchanged: records.length - changed.length,
      deleted,
      ids: changed.map((c) => Number(c.id)),
    };
  }

  private async refreshDerivedRows(em: EntityManager, source: string, records: PreparedRecord[], changed: ChangedRow[]) {
    const byKey = new Map(records.map((r) => [`${r.entity}\u0000${r.externalId}`, r]));
    const ids = changed.map((c) => c.id);
    const events: unknown[] = [];
    const keys: unknown[] = [];
    for (const row of changed) {
      const record = byKey.get(`${row.entity}\u0000${row.external_id}`)!;
      for (const e of record.events) {
        events.push({ record_id: row.id, occurred_at: e.occurredAt, type: e.type, channel: e.channel, summary: e.summary, attributes: e.attributes ?? {} });
      }
      for (const k of record.keys) keys.push({ record_id: row.id, kind: k.kind, value: k.value });
    }
    await em.query('DELETE FROM journey_event WHERE record_id = ANY($1::bigint[])', [ids]);
    if (events.length > 0) await em.query(INSERT_EVENTS_SQL, [JSON.stringify(events), source]);
    // A person record is its own person record, so "all records of a customer" is one join.
    await em.query(
      'UPDATE source_record SET person_record_id = id WHERE id = ANY($1::bigint[]) AND person IS NOT NULL AND person_record_id IS NULL',
      [ids],
    );
    await em.query('DELETE FROM identity_key WHERE record_id = ANY($1::bigint[])', [ids]);
    if (keys.length > 0) await em.query(INSERT_KEYS_SQL, [JSON.stringify(keys)]);
  }

  /**
   * Points facts at the person record that owns them (directly, or through their owning fact such as
   * ticket metrics → ticket). Works from the "unlinked" index, so an interrupted import is healed by the next.
   */
  async linkOwners(source: string): Promise<number> {
    const direct = await this.dataSource.query(
      `UPDATE source_record f SET person_record_id = p.id
       FROM source_record p
       WHERE f.source = $1 AND f.owner_external_id IS NOT NULL AND f.person_record_id IS NULL
         AND p.source = f.source AND p.entity = f.owner_entity AND p.external_id = f.owner_external_id
         AND p.person IS NOT NULL`,
      [source],
    );
    const viaFact = await this.dataSource.query(
      `UPDATE source_record f SET person_record_id = o.person_record_id
       FROM source_record o
       WHERE f.source = $1 AND f.owner_external_id IS NOT NULL AND f.person_record_id IS NULL
         AND o.source = f.source AND o.entity = f.owner_entity AND o.external_id = f.owner_external_id
         AND o.person IS NULL AND o.person_record_id IS NOT NULL`,
      [source],
    );
    return affected(direct) + affected(viaFact);
  }

  /**
   * The source's live records that name an owner (a ticket's requester, an interaction's personId) that is not
   * there yet, through the "unlinked" index: how many, how many of them this run wrote, and the first few.
   */
  async waitingForOwner(source: string, runId: string, sampleSize: number): Promise<WaitingForOwner> {
    const [counts]: { records: number; from_run: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS records, (count(*) FILTER (WHERE import_run_id = $2::bigint))::int AS from_run
       FROM source_record WHERE source = $1 AND owner_external_id IS NOT NULL AND person_record_id IS NULL AND deleted_at IS NULL`,
      [source, runId],
    );
    if (counts!.records === 0) return { records: 0, fromThisRun: 0, sample: [] };
    const sample: { entity: string; external_id: string; owner_entity: string; owner_external_id: string; owner_stored: boolean }[] =
      await this.dataSource.query(
        `SELECT f.entity, f.external_id, f.owner_entity, f.owner_external_id,
                EXISTS (SELECT 1 FROM source_record o WHERE o.source = f.source AND o.entity = f.owner_entity AND o.external_id = f.owner_external_id) AS owner_stored
         FROM source_record f
         WHERE f.source = $1 AND f.owner_external_id IS NOT NULL AND f.person_record_id IS NULL AND f.deleted_at IS NULL
         ORDER BY f.id LIMIT $2`,
        [source, sampleSize],
      );
    return {
      records: counts!.records,
      fromThisRun: counts!.from_run,
      sample: sample.map((r) => ({
        entity: r.entity,
        externalId: r.external_id,
        ownerEntity: r.owner_entity,
        ownerExternalId: r.owner_external_id,
        ownerStored: r.owner_stored,
      })),
    };
  }

  /** The customers these records belong to now (through their person record), and how many belong to none yet. */
  async customersOfRecords(ids: number[]): Promise<{ customerIds: string[]; unlinked: number }> {
    const customers = new Set<string>();
    let unlinked = 0;
    for (let i = 0; i < ids.length; i += 50_000) {
      const [row]: { customers: string[]; unlinked: number }[] = await this.dataSource.query(
        `SELECT coalesce(array_agg(DISTINCT p.customer_id::text) FILTER (WHERE p.customer_id IS NOT NULL), '{}') AS customers,
                (count(*) FILTER (WHERE p.customer_id IS NULL))::int AS unlinked
         FROM source_record r LEFT JOIN source_record p ON p.id = r.person_record_id
         WHERE r.id = ANY($1::bigint[])`,
        [ids.slice(i, i + 50_000)],
      );
      for (const id of row!.customers) customers.add(id);
      unlinked += row!.unlinked;
    }
    return { customerIds: [...customers], unlinked };
  }

  /**
   * The customers of the records a run wrote last (they still carry its id), as customersOfRecords. No index
   * leads there (source_record.import_run_id has none), so this reads the table: only for a run that died
   * before writing its access-log entries.
   */
  async customersOfRun(runId: string): Promise<{ customerIds: string[]; unlinked: number }> {
    const [row]: { customers: string[]; unlinked: number }[] = await this.dataSource.query(
      `SELECT coalesce(array_agg(DISTINCT p.customer_id::text) FILTER (WHERE p.customer_id IS NOT NULL), '{}') AS customers,
              (count(*) FILTER (WHERE p.customer_id IS NULL))::int AS unlinked
       FROM source_record r LEFT JOIN source_record p ON p.id = r.person_record_id
       WHERE r.import_run_id = $1::bigint`,
      [runId],
    );
    return { customerIds: row!.customers, unlinked: row!.unlinked };
  }

  /** Which of these records of a source are stored already (`entity\0externalId`), deleted ones included. */
  async storedKeys(source: string, keys: { entity: string; externalId: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { entity: string; external_id: string }[] = await this.dataSource.query(
      `SELECT r.entity, r.external_id FROM source_record r
       JOIN unnest($2::text[], $3::text[]) AS k(entity, external_id) ON r.source = $1 AND r.entity = k.entity AND r.external_id = k.external_id`,
      [source, keys.map((k) => k.entity), keys.map((k) => k.externalId)],
    );
    return new Set(rows.map((r) => `${r.entity}\u0000${r.external_id}`));
  }

  /** Fresh planner statistics after bulk changes: without them the read queries pick sequential scans. */
  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE source_record, journey_event, identity_key');
  }
}

/** TypeORM returns [rows, count] for UPDATE on PostgreSQL. */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

function returnedIds(result: unknown): string[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as { id: string }[]).map((r) => r.id) : [];
}

/** Owner chains are short (ticket metrics → ticket → user); the bound only stops a cycle in bad data. */
const MAX_OWNER_DEPTH = 8;

/**
 * Facts owned by these facts get their owner's person record (or none, when the owner has none now):
 * ticket metrics follow their ticket to its new requester. Set-based, one UPDATE per level of the chain,
 * through source_record_owner_idx. Each UPDATE fires the metrics queue trigger, which queues the customers
 * of the old and the new person record.
 */
async function followOwners(em: EntityManager, ownerIds: string[]): Promise<void> {
  let owners = ownerIds;
  for (let depth = 0; owners.length > 0 && depth < MAX_OWNER_DEPTH; depth += 1) {
    const result = await em.query(
      `UPDATE source_record d SET person_record_id = o.person_record_id
       FROM source_record o
       WHERE o.id = ANY($1::bigint[]) AND o.person IS NULL
         AND d.source = o.source AND d.owner_entity = o.entity AND d.owner_external_id = o.external_id
         AND d.person_record_id IS DISTINCT FROM o.person_record_id
       RETURNING d.id`,
      [owners],
    );
    owners = returnedIds(result);
  }
}
