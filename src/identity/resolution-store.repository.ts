import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf } from '../db/connection-config';
import { binaryBigintArray, binaryTextArray, binaryUuidArray } from '../db/pg-array';
import { BULK_KEY_RECORDS, keyBatches, writeKeyBatches, type BlockKeys } from './block-key-writes';
import { writeRecordKeysInThread, WRITTEN, type KeyWrite } from './key-writer-thread';
import type { MatchRecord } from './engine/match-record';
import { streamedKeysOf } from './record-keys';
import type { CustomerEvent } from './resolution/lineage';
import type { PairOutcomes } from './resolution/pair-outcomes';
import { followAliases } from './alias-follow';
import { replaceLinks } from './link-writes';
import { chunks, writeChunks } from './sql-chunks';
import type { DisplayNameOf, ListNames, NamedRecord } from './display-name';
import type { PhaseTicker } from '../shared/progress';

export interface ResolutionChange {
  created: string[];
  moves: { recordId: string; customerId: string }[];
  /** absorbed id → surviving id */
  aliases: Map<string, string>;
  /**
   * Customers whose aliases are checked against the records they stand for (followAliases): those records
   * left (and where an absorbed one went); 'all' in a full run, which so repairs any alias left behind.
   */
  aliasScope: 'all' | string[];
  /** customers to delete: absorbed and emptied */
  removed: string[];
  links: PairOutcomes;
  /**
   * 'all' replaces every stored pair; otherwise the pairs with both sides inside the region and every pair
   * of the touched (changed, removed) records. Review pairs from the region to records outside it stay.
   */
  linkScope: 'all' | { inside: string[]; touched: string[] };
  /** new impact of review pairs that cross the region's edge (their region side changed size) */
  impacts: { a: string; b: string; impact: number }[];
  modelId: string;
  events: CustomerEvent[];
  actor: string;
  reason: string;
  /**
   * records now resolved with this content, their normalisation and phase-1 cluster; `matchRecord` encodes the
   * normalisation when its chunk is written (a first run encodes every record: overlapped with the writes)
   */
  resolved: { recordId: string; contentHash: string; matchKey: string; matchRecord: () => string }[];
  /** other records whose phase-1 cluster changed */
  matchKeys: { recordId: string; matchKey: string }[];
  keyVersion: number;
  /** records no longer live persons: their resolved state goes */
  forgotten: string[];
  /** identity_pending entries this run has seen */
  pendingDone: string[];
  /** a full run: recount identity_state and record the key version every record now has */
  recount: boolean;
}


/** When a run's keys go to a thread of their own (writeRecordKeysInThread). */
export interface KeyThreadOptions {
  /** The compiled worker; absent (ts-jest runs the sources), keys are written by the run itself. */
  workerFile?: string;
  /** Fewer changed records than this: written by the run itself (a thread costs more to start than it saves). */
  minRecords?: number;
  /** Records from which keys into an empty table take the bulk path (BULK_KEY_RECORDS; tests lower it). */
  bulkFrom?: number;
}

/**
 * A customer's list name and search text from its live person records: the newest record's name is the
 * list name where the records agree (or no survivorship rules are set); the customers whose records
 * disagree come back, and the rules name them (applyDisplayNames). Its text is part of summaryRules().
 */
const SUMMARY_SQL = `WITH s AS (
     SELECT r.customer_id,
       coalesce((array_agg(n.name ORDER BY r.source_changed_at DESC NULLS LAST, r.id DESC) FILTER (WHERE n.name <> ''))[1], '') AS display_name,
       min(lower(n.name)) FILTER (WHERE n.name <> '' AND r.person IS NOT NULL)
         IS DISTINCT FROM max(lower(n.name)) FILTER (WHERE n.name <> '' AND r.person IS NOT NULL) AS disputed,
       -- in record order: a summary is rewritten only when it differs, so its text must not follow the plan
       lower(string_agg(concat_ws(' ', n.name, r.person ->> 'emails', r.person ->> 'phones', p.phones), ' ' ORDER BY r.id)) AS search_text
     FROM source_record r
     CROSS JOIN LATERAL (SELECT coalesce(nullif(trim(concat_ws(' ', r.person ->> 'firstName', r.person ->> 'lastName')), ''),
                                         r.person ->> 'fullName', '') AS name) n
     -- phones also as the profile shows them (E.164) and as bare digits, so any of the three forms finds them
     CROSS JOIN LATERAL (SELECT string_agg(k.value || ' ' || substr(k.value, 2), ' ' ORDER BY k.value) AS phones
                         FROM identity_key k WHERE k.record_id = r.id AND k.kind = 'phone') p
     WHERE r.customer_id = ANY($1::uuid[]) AND r.deleted_at IS NULL
     GROUP BY r.customer_id),
   written AS (
     UPDATE customer c SET display_name = CASE WHEN s.disputed AND $2 THEN c.display_name ELSE s.display_name END,
                           search_text = s.search_text, updated_at = now()
     FROM s
     WHERE c.id = s.customer_id
       AND (c.search_text IS DISTINCT FROM s.search_text OR NOT (s.disputed AND $2) AND c.display_name IS DISTINCT FROM s.display_name))
   SELECT customer_id::text AS id FROM s WHERE disputed AND $2`;

/**
 * Bump when a list name or search text would come out differently for the same records and rules, other
 * than by SUMMARY_SQL (whose text is hashed in anyway): the survivorship rules' name code
 * (profile/golden-profile.ts goldenName and what it calls). The next full run then recomputes every summary.
 */
const SUMMARY_VERSION = 1;

const DEFAULT_KEY_THREAD: KeyThreadOptions = { workerFile: path.join(__dirname, 'block-key-worker.js'), minRecords: BULK_KEY_RECORDS };

/** Writes a resolution set-based: multi-row statements over arrays, one transaction for the outcome. */
export class ResolutionStoreRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly em?: EntityManager,
    private readonly keyThread: KeyThreadOptions = DEFAULT_KEY_THREAD,
    /** the list name by the profile's survivorship rules; without them, the newest record's name */
    private readonly listNames?: ListNames,
  ) {}

  /** What every summary is computed with: the code (its version, its SQL) and the list-name rules, hashed. */
  private summaryRules(): string {
    return createHash('sha256').update(`${SUMMARY_VERSION}\n${SUMMARY_SQL}\n${this.listNames?.rules ?? 'newest record'}`).digest('hex');
  }

  /** The same writes inside a transaction (a resolution runs in one). */
  within(em: EntityManager): ResolutionStoreRepository {
    return new ResolutionStoreRepository(this.dataSource, em, this.keyThread, this.listNames);
  }

  /**
   * Starts storing the keys of many changed records in a thread of their own, which also makes them
   * (writeRecordKeysInThread), so the caller can go on; fewer records, or no compiled worker, are written
   * now by writeBlockKeys. `progress` ticks the records handed over.
   */
  async beginBlockKeyWrite(records: readonly MatchRecord[], removed: string[], progress?: PhaseTicker): Promise<KeyWrite> {
    const file = this.keyThread.workerFile;
    if (file && records.length >= (this.keyThread.minRecords ?? BULK_KEY_RECORDS) && existsSync(file)) {
      return writeRecordKeysInThread(file, connectionOf(this.dataSource), records, removed, this.keyThread.bulkFrom, progress);
    }
    await this.writeBlockKeys(streamedKeysOf(records, progress), removed);
    return WRITTEN;
  }

  private transaction(work: (em: EntityManager) => Promise<void>): Promise<void> {
    return this.em ? work(this.em) : this.dataSource.transaction(work);
  }

  /**
   * Replaces the blocking keys of the given records (`rule:value`, stored hashed) and forgets those of
   * removed ones: one statement per ~100,000 keys that deletes the keys a record lost and inserts those
   * it gained (the index changes only where the keys did).
   */
  async writeBlockKeys(keys: BlockKeys, removed: string[]): Promise<void> {
    if (keys.size + removed.length === 0) return;
    await this.transaction((em) => writeKeyBatches(em, keys.size, keyBatches(keys, removed)));
  }

  /**
   * `progress` gets the rows to write as its total (changeRows) and ticks those written. Returns the rows of
   * identity_link written or deleted (the scored pairs: a full run rewrites only those that changed).
   */
  async apply(change: ResolutionChange, progress?: PhaseTicker): Promise<{ linkRows: number }> {
    progress?.setTotal(changeRows(change));
    let rows = 0;
    let linkRows = 0;
    const wrote = (n: number) => progress?.tick((rows += n));
    await this.transaction(async (em) => {
      if (change.created.length > 0) await em.query('INSERT INTO customer (id) SELECT unnest($1::uuid[])', [binaryUuidArray(change.created)]);
      wrote(change.created.length);
      await writeChunks(
        change.moves,
        (part) => [binaryBigintArray(part.map((m) => m.recordId)), binaryUuidArray(part.map((m) => m.customerId))],
        async (params, part) => {
          await em.query(`UPDATE source_record r SET customer_id = m.customer_id FROM unnest($1::bigint[], $2::uuid[]) AS m(id, customer_id) WHERE r.id = m.id`, params);
          wrote(part.length);
        },
      );
      await writeAliases(em, change.aliases);
      if (change.removed.length > 0) await em.query('DELETE FROM customer WHERE id = ANY($1::uuid[])', [change.removed]);
      wrote(change.aliases.size + change.removed.length);
      linkRows = await replaceLinks(em, change, wrote);
      await insertEvents(em, change, wrote);
      // after the events: an id absorbed by this run stands for the records its events name
      await followAliases(em, change.aliasScope, change.actor, change.reason);
      await writeState(em, change, wrote);
      for (const part of chunks(change.pendingDone)) {
        await em.query('DELETE FROM identity_pending WHERE id = ANY($1::bigint[])', [part]);
        wrote(part.length);
      }
      if (change.recount) {
        await em.query(
          'UPDATE identity_state SET records = (SELECT count(*) FROM identity_record), customers = (SELECT count(*) FROM customer), key_version = $1',
          [change.keyVersion],
        );
      }
    });
    return { linkRows };
  }

  /**
   * Whether every customer's summary was last computed with these rules and this code (summaryRules): when
   * not, a full run recomputes them all, so a changed SURVIVORSHIP_FILE reaches every list name.
   */
  async summariesCurrent(): Promise<boolean> {
    const rows: { summary_rules: string | null }[] = await (this.em ?? this.dataSource).query(`SELECT summary_rules FROM identity_state`);
    return rows[0]?.summary_rules === this.summaryRules();
  }

  /** After a full run: every summary is computed with these rules now. */
  async markSummariesCurrent(): Promise<void> {
    await (this.em ?? this.dataSource).query(`UPDATE identity_state SET summary_rules = $1`, [this.summaryRules()]);
  }

  /**
   * After an incremental run that recomputed summaries: when its rules are not the stored ones (the server
   * and the CLI with different SURVIVORSHIP_FILEs, rules changed and changed back), the lists now mix two
   * rules, so the next full run must recompute them all whatever its own rules. One statement, no write
   * when the rules match.
   */
  async noteSummaryRules(): Promise<void> {
    await (this.em ?? this.dataSource).query(`UPDATE identity_state SET summary_rules = NULL WHERE summary_rules IS DISTINCT FROM $1`, [this.summaryRules()]);
  }

  /** Every customer (a full run whose summary rules changed recomputes them all). */
  async allCustomerIds(): Promise<string[]> {
    const rows: { id: string }[] = await (this.em ?? this.dataSource).query(`SELECT id FROM customer`);
    return rows.map((r) => r.id);
  }

  /**
   * Recomputes the list name and search text of the given customers from their live person records
   * (`progress`: customers done). Only summaries that differ are written: a full run with new rules
   * recomputes every customer's, and rewriting 491,543 unchanged rows took 17 s at 10^6 records.
   */
  async refreshSummaries(customerIds: string[], progress?: PhaseTicker): Promise<void> {
    const db = this.em ?? this.dataSource;
    let done = 0;
    for (const part of chunks(customerIds)) {
      const disputed: { id: string }[] = await db.query(
        SUMMARY_SQL,
        [binaryUuidArray(part), this.listNames !== undefined],
      );
      if (this.listNames && disputed.length > 0) await this.applyDisplayNames(disputed.map((d) => d.id), this.listNames.nameOf);
      progress?.tick((done += part.length));
    }
  }

  /** The survivorship rules' list name for customers whose records disagree on the name (see refreshSummaries). */
  private async applyDisplayNames(customerIds: string[], displayNameOf: DisplayNameOf): Promise<void> {
    const db = this.em ?? this.dataSource;
    const rows: (NamedRecord & { customer: string })[] = await db.query(
      `SELECT r.customer_id::text AS customer, r.id::text AS id, r.source, r.entity, r.external_id AS "externalId",
              r.person ->> 'firstName' AS "firstName", r.person ->> 'lastName' AS "lastName", r.person ->> 'fullName' AS "fullName",
              r.source_changed_at AS "sourceChangedAt", r.last_changed_at AS "lastChangedAt"
       FROM source_record r WHERE r.customer_id = ANY($1::uuid[]) AND r.person IS NOT NULL AND r.deleted_at IS NULL`,
      [customerIds],
    );
    if (rows.length === 0) return;
    const byCustomer = new Map<string, NamedRecord[]>();
    for (const { customer, ...record } of rows) (byCustomer.get(customer) ?? byCustomer.set(customer, []).get(customer)!).push(record);
    const ids: string[] = [];
    const names: string[] = [];
    for (const [customer, records] of byCustomer) {
      ids.push(customer);
      names.push(displayNameOf(records) ?? '');
    }
    await db.query(
      `UPDATE customer c SET display_name = x.name, updated_at = now() FROM unnest($1::uuid[], $2::text[]) AS x(id, name)
       WHERE c.id = x.id AND c.display_name IS DISTINCT FROM x.name`,
      [ids, names],
    );
  }
}

/** An absorbed id resolves to its new customer; older aliases of the absorbed id follow it. */
async function writeAliases(em: EntityManager, aliases: Map<string, string>): Promise<void> {
  if (aliases.size === 0) return;
  const from = [...aliases.keys()];
  const to = [...aliases.values()];
  await em.query(
    `UPDATE customer_alias a SET customer_id = m.target FROM unnest($1::uuid[], $2::uuid[]) AS m(absorbed, target)
     WHERE a.customer_id = m.absorbed`,
    [from, to],
  );
  await em.query(
    `INSERT INTO customer_alias (alias_id, customer_id, reason)
     SELECT absorbed, target, 'merged' FROM unnest($1::uuid[], $2::uuid[]) AS m(absorbed, target)
     ON CONFLICT (alias_id) DO UPDATE SET customer_id = EXCLUDED.customer_id`,
    [from, to],
  );
}

/** The rows apply() writes, as its progress counts them. */
export function changeRows(change: ResolutionChange): number {
  return (
    change.created.length +
    change.moves.length +
    change.aliases.size +
    change.removed.length +
    change.links.length +
    change.events.length +
    change.resolved.length +
    change.matchKeys.length +
    change.forgotten.length +
    change.pendingDone.length
  );
}

type Wrote = (rows: number) => void;

async function insertEvents(em: EntityManager, change: ResolutionChange, wrote: Wrote): Promise<void> {
  await writeChunks(
    change.events,
    (part) => JSON.stringify(part.map((e) => ({ customer_id: e.customerId, kind: e.kind, related_customer_id: e.relatedCustomerId, record_ids: e.recordIds }))),
    async (rows, part) => {
      await em.query(
        `INSERT INTO customer_event (customer_id, kind, related_customer_id, record_ids, actor, reason)
         SELECT customer_id, kind, related_customer_id, record_ids, $2, $3
         FROM jsonb_to_recordset($1::jsonb) AS x(customer_id uuid, kind text, related_customer_id uuid, record_ids bigint[])`,
        [rows, change.actor, change.reason],
      );
      wrote(part.length);
    },
  );
}

async function writeState(em: EntityManager, change: ResolutionChange, wrote: Wrote): Promise<void> {
  await writeChunks(
    change.resolved,
    (part) => [
      binaryBigintArray(part.map((r) => r.recordId)),
      binaryTextArray(part.map((r) => r.contentHash)),
      change.keyVersion,
      binaryBigintArray(part.map((r) => r.matchKey)),
      binaryTextArray(part.map((r) => r.matchRecord())),
    ],
    async (params, part) => {
      await em.query(
        `INSERT INTO identity_record (record_id, content_hash, key_version, match_key, match_record)
         SELECT id, h, $3, k, m FROM unnest($1::bigint[], $2::text[], $4::bigint[], $5::text[]) AS x(id, h, k, m)
         ON CONFLICT (record_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, key_version = EXCLUDED.key_version,
           match_key = EXCLUDED.match_key, match_record = EXCLUDED.match_record, resolved_at = now()`,
        params,
      );
      wrote(part.length);
    },
  );
  await writeChunks(
    change.matchKeys,
    (part) => [binaryBigintArray(part.map((r) => r.recordId)), binaryBigintArray(part.map((r) => r.matchKey))],
    async (params, part) => {
      await em.query('UPDATE identity_record s SET match_key = x.k FROM unnest($1::bigint[], $2::bigint[]) AS x(id, k) WHERE s.record_id = x.id', params);
      wrote(part.length);
    },
  );
  for (const part of chunks(change.forgotten)) {
    await em.query('DELETE FROM identity_record WHERE record_id = ANY($1::bigint[])', [part]);
    await em.query('DELETE FROM identity_block_key WHERE record_id = ANY($1::bigint[])', [part]);
    wrote(part.length);
  }
}
