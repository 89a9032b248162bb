import { selectIds } from './compile-definition';
import { fatiguedCustomersSql, projectedConsentingCustomersSql } from './consent-sql';
import type { Condition } from './definition';
import { SqlParams, type CompiledQuery } from './sql';

const DAY_MS = 86_400_000;

/**
 * The rules every marketing audience obeys (docs/segments.md, Governance): customers without consent for
 * the purpose's channel are excluded, then customers contacted or surveyed in the last `fatigueDays`.
 * Both are off (null, 0) for purposes that need no consent.
 */
export interface Governance {
  consentChannel: string | null;
  fatigueDays: number;
}

export const NO_GOVERNANCE: Governance = { consentChannel: null, fatigueDays: 0 };

/** The governance a purpose gets: its consent channel, and the fatigue window when it has one. */
export function governanceFor(consentChannel: string | null, fatigueDays: number): Governance {
  return consentChannel ? { consentChannel: consentChannel.toLowerCase(), fatigueDays } : NO_GOVERNANCE;
}

/** What a refresh or a preview counts (the segment's explanation). */
export interface MembershipCounts {
  /** Customers the definition selects. */
  matched: number;
  /** Of those, without consent for the channel. */
  withoutConsent: number;
  /** Of those with consent, contacted or surveyed within the fatigue window. */
  fatigued: number;
  /** What is left: the members. */
  members: number;
}

/**
 * `matched` (the definition) and `flagged` (each matched customer with the two governance verdicts) as
 * WITH items, plus the parameters; statements below add what they do with them.
 */
function governedCtes(condition: Condition, governance: Governance, now: Date, params: SqlParams): string {
  const select = selectIds(condition, params, { now });
  const consented = governance.consentChannel ? `x.id IN (${projectedConsentingCustomersSql(params.add(governance.consentChannel, 'text'))})` : 'true';
  const fatigued =
    governance.consentChannel && governance.fatigueDays > 0
      ? `x.id IN (${fatiguedCustomersSql(params, new Date(now.getTime() - governance.fatigueDays * DAY_MS), now)})`
      : 'false';
  return `matched AS MATERIALIZED (${select}),
    flagged AS MATERIALIZED (SELECT x.id, ${consented} AS consented, ${fatigued} AS fatigued FROM matched x),
    governed AS (SELECT id FROM flagged WHERE consented AND NOT fatigued)`;
}

const COUNTS = `(SELECT count(*) FROM matched)::int AS matched,
      (SELECT count(*) FROM flagged WHERE NOT consented)::int AS "withoutConsent",
      (SELECT count(*) FROM flagged WHERE consented AND fatigued)::int AS fatigued,
      (SELECT count(*) FROM governed)::int AS members`;

/** Counts and the first `sample` member ids (by id) of a definition under a governance, without storing anything. */
export function previewSql(condition: Condition, governance: Governance, now: Date, sample: number): CompiledQuery {
  const params = new SqlParams();
  const ctes = governedCtes(condition, governance, now, params);
  const limit = params.add(sample, 'integer');
  return {
    sql: `WITH ${ctes}
    SELECT ${COUNTS},
      coalesce((SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM governed ORDER BY id LIMIT ${limit}) s), '{}')::text[] AS sample`,
    params: params.values,
  };
}

/** Just the number of customers a definition selects (no governance): what an audience-size estimate needs. */
export function countSql(condition: Condition, now: Date): CompiledQuery {
  const params = new SqlParams();
  return { sql: `SELECT count(*)::int AS matched FROM (${selectIds(condition, params, { now })}) x`, params: params.values };
}

/**
 * One set-based refresh: computes the governed member set, diffs it against the snapshot in SQL, inserts
 * who entered, deletes who left, and appends both to the change log at one time, then returns the counts.
 * The caller holds the segment's row lock, so refreshes of a segment (and their change ids) are serial.
 */
export function refreshSql(segmentId: string, condition: Condition, governance: Governance, now: Date): CompiledQuery {
  const params = new SqlParams();
  const ctes = governedCtes(condition, governance, now, params);
  const segment = params.add(segmentId, 'uuid');
  return {
    sql: `WITH ${ctes},
    stamp AS (SELECT clock_timestamp() AS at),
    entered AS (
      INSERT INTO segment_member (segment_id, customer_id, entered_at)
      SELECT ${segment}, g.id, (SELECT at FROM stamp) FROM governed g
      WHERE NOT EXISTS (SELECT 1 FROM segment_member s WHERE s.segment_id = ${segment} AND s.customer_id = g.id)
      RETURNING customer_id
    ),
    gone AS (
      DELETE FROM segment_member s WHERE s.segment_id = ${segment} AND NOT EXISTS (SELECT 1 FROM governed g WHERE g.id = s.customer_id)
      RETURNING customer_id
    ),
    logged AS (
      INSERT INTO segment_change (segment_id, customer_id, change, at)
      SELECT ${segment}, customer_id, change, (SELECT at FROM stamp) FROM (
        SELECT customer_id, 'entered' AS change FROM entered UNION ALL SELECT customer_id, 'left' FROM gone
      ) d ORDER BY change, customer_id
      RETURNING change
    )
    SELECT ${COUNTS},
      (SELECT count(*) FROM logged WHERE change = 'entered')::int AS entered,
      (SELECT count(*) FROM logged WHERE change = 'left')::int AS "left",
      (SELECT at FROM stamp) AS at`,
    params: params.values,
  };
}
