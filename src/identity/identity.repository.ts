import type { DataSource, EntityManager } from 'typeorm';
import type { PersonAttributes } from '../sources/record';
import type { LinkDecision } from './resolution/pair-outcomes';
import type { CustomerEventKind } from './resolution/lineage';

export interface RecordRow {
  id: string;
  source: string;
  person: PersonAttributes | null;
  customerId: string | null;
  deleted: boolean;
}

export interface StoredLink {
  recordA: string;
  recordB: string;
  customerA: string | null;
  customerB: string | null;
  probability: number;
  weight: number;
  blockingRule: string | null;
  decision: LinkDecision;
  rule: string;
  impact: number;
  scoredAt: Date;
}

export interface HumanDecision {
  recordA: string;
  recordB: string;
  kind: 'link' | 'split';
  actor: string;
  reason: string;
  decidedAt: Date;
}

export interface HistoryEntry {
  id: string;
  /** the customer the entry was recorded for: the asked id, or an id since merged into it */
  customerId: string;
  kind: CustomerEventKind;
  relatedCustomerId: string | null;
  recordIds: string[];
  actor: string;
  reason: string;
  at: Date;
}

const decisionColumns = (t: string) =>
  `${t}.record_a::text AS "recordA", ${t}.record_b::text AS "recordB", ${t}.kind, ${t}.actor, ${t}.reason, ${t}.decided_at AS "decidedAt"`;

const LINK_COLUMNS = `l.record_a::text AS "recordA", l.record_b::text AS "recordB", ra.customer_id AS "customerA", rb.customer_id AS "customerB",
  l.probability, l.weight, l.blocking_rule AS "blockingRule", l.decision, l.rule, l.impact, l.scored_at AS "scoredAt"`;

/** Reads and decisions behind the identity service (explain, links, history, review, link/split). */
export class IdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async records(ids: string[]): Promise<RecordRow[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, source, person, customer_id AS "customerId", deleted_at IS NOT NULL AS deleted
       FROM source_record WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }

  /** Other live person records of the record's customer. */
  async customerMates(recordId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT m.id::text AS id FROM source_record r JOIN source_record m ON m.customer_id = r.customer_id
       WHERE r.id = $1 AND m.id <> r.id AND m.person IS NOT NULL AND m.deleted_at IS NULL ORDER BY m.id`,
      [recordId],
    );
    return rows.map((r) => r.id);
  }

  async link(a: string, b: string): Promise<StoredLink | undefined> {
    const [row]: StoredLink[] = await this.dataSource.query(
      `SELECT ${LINK_COLUMNS} FROM identity_link l JOIN source_record ra ON ra.id = l.record_a JOIN source_record rb ON rb.id = l.record_b
       WHERE l.record_a = $1 AND l.record_b = $2`,
      [a, b],
    );
    return row;
  }

  async decision(a: string, b: string): Promise<HumanDecision | undefined> {
    const [row]: HumanDecision[] = await this.dataSource.query(`SELECT ${decisionColumns('d')} FROM identity_decision d WHERE d.record_a = $1 AND d.record_b = $2`, [a, b]);
    return row;
  }

  /** Split decisions with one record in each group: what keeps two customers apart. */
  async splitsBetween(left: string[], right: string[]): Promise<HumanDecision[]> {
    return this.dataSource.query(
      `SELECT ${decisionColumns('d')} FROM identity_decision d
       WHERE d.kind = 'split' AND ((d.record_a = ANY($1::bigint[]) AND d.record_b = ANY($2::bigint[])) OR (d.record_a = ANY($2::bigint[]) AND d.record_b = ANY($1::bigint[])))
       ORDER BY d.record_a, d.record_b`,
      [left, right],
    );
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The live person records of the records' customers (the records themselves included), one list per given record. */
  async customerRecords(recordIds: string[]): Promise<string[][]> {
    const rows: { asked: string; ids: string[] }[] = await this.dataSource.query(
      `SELECT q.id::text AS asked,
              coalesce((SELECT array_agg(m.id::text ORDER BY m.id) FROM source_record m
                        WHERE m.customer_id = r.customer_id AND m.person IS NOT NULL AND m.deleted_at IS NULL), '{}') AS ids
       FROM unnest($1::bigint[]) AS q(id) JOIN source_record r ON r.id = q.id`,
      [recordIds],
    );
    const byId = new Map(rows.map((r) => [r.asked, r.ids]));
    return recordIds.map((id) => [...new Set([id, ...(byId.get(id) ?? [])])]);
  }

  /**
   * Removes the human decisions of one kind between two groups of records (a pair with one side in each)
   * and returns them: what a newer decision about the two groups overrides.
   */
  async withdrawBetween(kind: 'link' | 'split', left: string[], right: string[], em: EntityManager): Promise<HumanDecision[]> {
    // a SELECT around the DELETE: TypeORM answers a bare DELETE … RETURNING with [rows, count]
    return em.query(
      `WITH gone AS (
         DELETE FROM identity_decision d
         WHERE d.kind = $1 AND ((d.record_a = ANY($2::bigint[]) AND d.record_b = ANY($3::bigint[])) OR (d.record_a = ANY($3::bigint[]) AND d.record_b = ANY($2::bigint[])))
         RETURNING d.*)
       SELECT ${decisionColumns('gone')} FROM gone ORDER BY gone.record_a, gone.record_b`,
      [kind, left, right],
    );
  }

  /**
   * Removes the decision about one pair and every other pair decided in the same act (one link, split or
   * keep-apart: same kind, actor, reason and time), and returns them.
   */
  async withdrawAct(a: string, b: string, em: EntityManager): Promise<HumanDecision[]> {
    return em.query(
      `WITH gone AS (
         DELETE FROM identity_decision d USING identity_decision x
         WHERE x.record_a = $1 AND x.record_b = $2
           AND d.kind = x.kind AND d.actor = x.actor AND d.reason = x.reason AND d.decided_at = x.decided_at
         RETURNING d.*)
       SELECT ${decisionColumns('gone')} FROM gone ORDER BY gone.record_a, gone.record_b`,
      [a, b],
    );
  }

  /** Review pairs with one record in each group (the two customers of a queue item). */
  async reviewPairsBetween(left: string[], right: string[]): Promise<[string, string][]> {
    const rows: { a: string; b: string }[] = await this.dataSource.query(
      `SELECT l.record_a::text AS a, l.record_b::text AS b FROM identity_link l
       WHERE l.decision = 'review'
         AND ((l.record_a = ANY($1::bigint[]) AND l.record_b = ANY($2::bigint[])) OR (l.record_a = ANY($2::bigint[]) AND l.record_b = ANY($1::bigint[])))`,
      [left, right],
    );
    return rows.map((r) => [r.a, r.b]);
  }

  /** Records one decision per pair (a < b); a later decision on the same pair replaces the earlier one. */
  async decide(pairs: [string, string][], kind: 'link' | 'split', actor: string, reason: string, em?: EntityManager): Promise<void> {
    if (pairs.length === 0) return;
    await (em ?? this.dataSource).query(
      `INSERT INTO identity_decision (record_a, record_b, kind, actor, reason)
       SELECT a, b, $3, $4, $5 FROM unnest($1::bigint[], $2::bigint[]) AS x(a, b)
       ON CONFLICT (record_a, record_b) DO UPDATE SET kind = EXCLUDED.kind, actor = EXCLUDED.actor, reason = EXCLUDED.reason, decided_at = now()`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), kind, actor, reason],
    );
  }

  /** Stored pairs touching the live person records of each customer, in one statement. */
  async linksOfCustomers(customerIds: string[]): Promise<(StoredLink & { customerId: string })[]> {
    return this.dataSource.query(
      `WITH recs AS (
         SELECT id, customer_id FROM source_record
         WHERE customer_id = ANY($1::uuid[]) AND person IS NOT NULL AND deleted_at IS NULL)
       SELECT DISTINCT ON (recs.customer_id, l.record_a, l.record_b) recs.customer_id AS "customerId", ${LINK_COLUMNS}
       FROM recs
       CROSS JOIN LATERAL (SELECT * FROM identity_link WHERE record_a = recs.id
                           UNION ALL SELECT * FROM identity_link WHERE record_b = recs.id) l
       JOIN source_record ra ON ra.id = l.record_a JOIN source_record rb ON rb.id = l.record_b
       ORDER BY recs.customer_id, l.record_a, l.record_b`,
      [customerIds],
    );
  }

  /** Lineage of each customer and of the ids merged into it, oldest first, in one statement. */
  async historyOfCustomers(customerIds: string[]): Promise<(HistoryEntry & { askedId: string })[]> {
    return this.dataSource.query(
      `WITH asked AS (SELECT DISTINCT unnest($1::uuid[]) AS id),
       ids AS (SELECT id AS asked_id, id AS customer_id FROM asked
               UNION SELECT a.customer_id, a.alias_id FROM customer_alias a JOIN asked ON asked.id = a.customer_id)
       SELECT ids.asked_id AS "askedId", e.id::text AS id, e.customer_id AS "customerId", e.kind,
              e.related_customer_id AS "relatedCustomerId", e.record_ids::text[] AS "recordIds", e.actor, e.reason, e.at
       FROM ids JOIN customer_event e ON e.customer_id = ids.customer_id
       ORDER BY ids.asked_id, e.at, e.id`,
      [customerIds],
    );
  }

  /**
   * Borderline pairs left apart, one per pair of customers (its most probable pair, then the lowest ids;
   * `pairs` counts the review pairs between the two customers), highest impact first; keyset after
   * (impact, a, b). Walks the queue index and drops a pair another pair of the same customers outranks,
   * looked up through the customers' records, so a page reads about as many rows as it shows.
   */
  async reviewPage(limit: number, after?: { impact: number; a: string; b: string }): Promise<(StoredLink & { pairs: number })[]> {
    // The page size is written into the statement: the pool's generic plan, blind to a LIMIT parameter, costed
    // a tenth of the queue and started two parallel workers (110–400 ms a page at 31,000 review pairs, 10–30 ms known).
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`a review page holds a positive whole number of pairs, not ${limit}`);
    const params: unknown[] = [];
    let where = `l.decision = 'review'`;
    if (after) {
      params.push(after.impact, after.a, after.b);
      where += ` AND (l.impact < $1 OR (l.impact = $1 AND (l.record_a, l.record_b) > ($2::bigint, $3::bigint)))`;
    }
    return this.dataSource.query(
      `SELECT ${LINK_COLUMNS}, g.pairs
       FROM identity_link l JOIN source_record ra ON ra.id = l.record_a JOIN source_record rb ON rb.id = l.record_b
       CROSS JOIN LATERAL (
         SELECT (count(*) + 1)::int AS pairs,
                count(*) FILTER (WHERE o.probability > l.probability
                                    OR (o.probability = l.probability AND (o.record_a, o.record_b) < (l.record_a, l.record_b))) AS better
         FROM source_record m
         CROSS JOIN LATERAL (SELECT x.record_a, x.record_b, x.probability, x.record_b AS other FROM identity_link x WHERE x.record_a = m.id AND x.decision = 'review'
                             UNION ALL
                             SELECT x.record_a, x.record_b, x.probability, x.record_a FROM identity_link x WHERE x.record_b = m.id AND x.decision = 'review') o
         JOIN source_record y ON y.id = o.other
         WHERE m.customer_id = ra.customer_id AND y.customer_id = rb.customer_id AND (o.record_a, o.record_b) <> (l.record_a, l.record_b)
           AND m.person IS NOT NULL AND m.deleted_at IS NULL) g
       WHERE ${where} AND g.better = 0 ORDER BY l.impact DESC, l.record_a, l.record_b LIMIT ${limit}`,
      params,
    );
  }

  async customerOfRecords(ids: string[]): Promise<Map<string, string | null>> {
    const rows: { id: string; customer_id: string | null }[] = await this.dataSource.query(
      'SELECT id::text AS id, customer_id FROM source_record WHERE id = ANY($1::bigint[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.customer_id]));
  }
}
