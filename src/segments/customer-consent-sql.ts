// customer_consent: each customer's consent per channel (migration 1765306000002), decided as
// consentingCustomersSql decides it. Segment conditions and governance read it: computing consent from every
// contact and member record took 6–8 s of a governed preview at a million customers.

/** The projection table; rows are written with the customer's traits (metrics/recompute-sql.ts). */
export const CONSENT_TABLE = 'customer_consent';

/**
 * Every consent statement of the person records in `persons` (a relation with customer_id, entity, data and
 * changed_at), per channel (lower-case), the most recent deciding and a refusal winning a tie: the
 * semantics of privacy/consent.ts hasConsent over profile/channel-views.ts consentsOf.
 */
export function consentSelectSql(persons: string): string {
  return `SELECT DISTINCT ON (st.customer_id, st.channel) st.customer_id, st.channel, st.granted FROM (
      SELECT p.customer_id, 'email' AS channel, p.changed_at AS at, NOT coalesce((p.data ->> 'hasOptedOutOfEmail')::boolean, false) AS granted
        FROM ${persons} p WHERE p.entity = 'contact'
      UNION ALL
      SELECT p.customer_id, 'email', p.changed_at, (p.data ->> 'status') = 'subscribed'
        FROM ${persons} p WHERE p.entity = 'member'
      UNION ALL
      SELECT p.customer_id, lower(perm ->> 'text'), p.changed_at, coalesce((perm ->> 'enabled')::boolean, false) AND (p.data ->> 'status') = 'subscribed'
        FROM ${persons} p CROSS JOIN LATERAL jsonb_array_elements(coalesce(p.data -> 'permissions', '[]'::jsonb)) perm
        WHERE p.entity = 'member' AND perm ->> 'text' IS NOT NULL
    ) st ORDER BY st.customer_id, st.channel, st.at DESC, st.granted ASC`;
}

/**
 * WITH items bringing the rows of the customers in `customers` to `consents` (shaped like consentSelectSql):
 * `consent_gone` (channels they no longer have a statement for) and `consent_written` (upserted).
 */
export function consentWriteCtes(customers: string, consents: string): string {
  return `consent_gone AS (
    DELETE FROM ${CONSENT_TABLE} cc WHERE cc.customer_id IN (SELECT customer_id FROM ${customers})
      AND NOT EXISTS (SELECT 1 FROM ${consents} n WHERE n.customer_id = cc.customer_id AND n.channel = cc.channel)
  ), consent_written AS (
    INSERT INTO ${CONSENT_TABLE} AS cc (customer_id, channel, granted) SELECT customer_id, channel, granted FROM ${consents}
    ON CONFLICT (customer_id, channel) DO UPDATE SET granted = EXCLUDED.granted WHERE cc.granted IS DISTINCT FROM EXCLUDED.granted
  )`;
}

/** Live person records with what consent statements need (the backfill's `persons`). */
export const LIVE_PERSONS_FOR_CONSENT = `(SELECT customer_id, entity, data, coalesce(source_changed_at, last_changed_at) AS changed_at
  FROM source_record WHERE customer_id IS NOT NULL AND person IS NOT NULL AND deleted_at IS NULL)`;
