import { FATIGUE_EVENT_TYPES, SURVEYED_SATISFACTION } from './catalogues';
import { CONSENT_TABLE } from './customer-consent-sql';
import { EVENTS_TABLE } from './customer-events-sql';
import { CHANGED_AT, LIVE_PERSON, type SqlParams } from './sql';

/**
 * Customers who consent to a channel, in SQL, with the semantics of privacy/consent.ts hasConsent over
 * profile/channel-views.ts consentsOf: statements are a CRM contact's email opt-out, a Mailchimp member's
 * status for email, and each marketing permission (granted when enabled and the member is subscribed);
 * channels compare case-insensitively; per customer the most recent statement decides, a refusal wins a
 * tie, and no statement means no consent. `channel` is a parameter expression holding the lower-case channel.
 */
export function consentingCustomersSql(channel: string): string {
  const at = CHANGED_AT('p');
  return `SELECT s.customer_id FROM (
      SELECT DISTINCT ON (st.customer_id) st.customer_id, st.granted FROM (
        SELECT p.customer_id, ${at} AS at, NOT coalesce((p.data ->> 'hasOptedOutOfEmail')::boolean, false) AS granted
          FROM source_record p WHERE p.entity = 'contact' AND ${channel} = 'email' AND ${LIVE_PERSON}
        UNION ALL
        SELECT p.customer_id, ${at}, (p.data ->> 'status') = 'subscribed'
          FROM source_record p WHERE p.entity = 'member' AND ${channel} = 'email' AND ${LIVE_PERSON}
        UNION ALL
        SELECT p.customer_id, ${at}, coalesce((perm ->> 'enabled')::boolean, false) AND (p.data ->> 'status') = 'subscribed'
          FROM source_record p CROSS JOIN LATERAL jsonb_array_elements(coalesce(p.data -> 'permissions', '[]'::jsonb)) perm
          WHERE p.entity = 'member' AND lower(perm ->> 'text') = ${channel} AND ${LIVE_PERSON}
      ) st ORDER BY st.customer_id, st.at DESC, st.granted ASC
    ) s WHERE s.granted`;
}

/**
 * The same set from customer_consent, as of the customers' last recompute (a refresh works the queue off
 * first): what segment conditions and governance read. The export asks consentingCustomersSql, consent now.
 */
export function projectedConsentingCustomersSql(channel: string): string {
  return `SELECT cc.customer_id FROM ${CONSENT_TABLE} cc WHERE cc.channel = ${channel} AND cc.granted`;
}

/**
 * Customers contacted or surveyed in [cutoff, now]: a campaign sent or a ticket rated (journey events, from
 * customer_journey_event), or a ticket whose satisfaction survey was offered or answered and that changed in the window.
 */
export function fatiguedCustomersSql(params: SqlParams, cutoff: Date, now: Date): string {
  const from = params.add(cutoff.toISOString(), 'timestamptz');
  const to = params.add(now.toISOString(), 'timestamptz');
  return `SELECT e.customer_id FROM ${EVENTS_TABLE} e
      WHERE e.type = ANY(${params.list(FATIGUE_EVENT_TYPES, 'text')}) AND e.occurred_at >= ${from} AND e.occurred_at <= ${to}
    UNION
    SELECT p.customer_id FROM source_record t
      JOIN source_record p ON p.id = t.person_record_id AND p.deleted_at IS NULL
      WHERE t.entity = 'ticket' AND t.deleted_at IS NULL AND (t.data ->> 'satisfaction') = ANY(${params.list(SURVEYED_SATISFACTION, 'text')})
        AND ${CHANGED_AT('t')} >= ${from} AND ${CHANGED_AT('t')} <= ${to} AND p.customer_id IS NOT NULL`;
}
