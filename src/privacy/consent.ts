/** One consent statement of a source about a channel (see profile/channel-views consentsOf). */
export interface ConsentStatement {
  channel: string;
  granted: boolean;
  recordedAt: Date;
}

/**
 * Whether a customer may be contacted on a channel: the most recent statement about that channel decides;
 * no statement at all means no consent (opt-in, never opt-out by default).
 */
export function hasConsent(statements: readonly ConsentStatement[], channel: string): boolean {
  const wanted = channel.toLowerCase();
  let latest: ConsentStatement | undefined;
  for (const s of statements) {
    // sources name channels their own way ("Email" as a Mailchimp permission, "email" from a CRM opt-out)
    if (s.channel.toLowerCase() !== wanted) continue;
    // on a tie, a refusal wins
    if (!latest || s.recordedAt > latest.recordedAt || (s.recordedAt.getTime() === latest.recordedAt.getTime() && !s.granted)) latest = s;
  }
  return latest?.granted ?? false;
}
