/**
 * Every nested field of a customer profile: what the bench drives and what the statement-count test
 * asserts is one statement. Shared so the two measure the same query.
 */
export const PROFILE_SELECTION = `
  id displayName
  profile { name { full } emails { value provenance { source } } phones { value } addresses { city } birthDate { value } }
  sourceRecords { source externalId }
  crm { accounts { name opportunities { stage } } opportunities { stage amount } }
  support { tickets { status handoffs } }
  marketing { subscriptions { status } consents { granted } activity(first: 5) { action } }
  journey(first: 20) { edges { node { type occurredAt } } }
  metrics { asOf ticketCount csat avgHandoffs channelMix { channel count } lifetimeValue experienceScore { score components { name value } } }`;
