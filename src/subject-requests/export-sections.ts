/**
 * What each top-level section of a data-subject export holds, in words a data subject or a data-protection
 * officer can read without knowing Tessera (the export carries it as `about`; docs/privacy.md has the same).
 */
export const EXPORT_SECTIONS: Readonly<Record<string, string>> = Object.freeze({
  format: 'The name and version of this document layout.',
  generatedAt: 'When this document was produced.',
  about: 'This list: what each section holds.',
  terms: 'The technical words used inside the sections, explained.',
  customer:
    'The identifier Tessera gives this person, earlier identifiers merged into it (aliases), the name shown in lists (displayName), the text customer search matches (searchText: names, emails and phones, lower case), and when the entry was created and last changed.',
  profile:
    'The single view of the person that Tessera presents: the name, emails, phones, addresses and birth date it chose from the records below. Each value lists the records it came from (provenance) and the rule that chose it: source_priority (the source trusted most), most_recent (the most recently changed record), most_frequent (the value most records hold) or most_complete (the fullest name or address). Every different email, phone and address is kept, the first being the main one; the name and birth date also list the other values the records hold (beaten).',
  sources: 'The company systems (CRM, support desk, mailing tool, shop …) that hold records about the person.',
  records:
    'Every record received from those systems, exactly as sent (payload) and as read by Tessera (data, person), with where and when it came from. Records the source system marked deleted are included (deletedAt) because Tessera still stores them until the person is erased.',
  consents: 'What the source systems say about permission to contact the person, per channel (email, phone …).',
  journey: 'The events of the person across systems (orders, tickets, emails sent, opened or clicked …), oldest first.',
  traits:
    'Figures Tessera computes from the records (profiling): support statistics, email engagement, purchases and lifetime value, survey answers and an experience score, each with its definition; the parts of the experience score; and the record values segment rules test (segmentAttributes). Null if they were never computed.',
  segments:
    'The audiences (segments) the person is in now, with the rule that puts them there (definition) and the purpose it serves, and the history of entering and leaving segments, newest first (changes; truncated: true when only the newest are listed).',
  identity:
    'How Tessera decided which records belong to the same person: pairs of records compared (links) with the score and decision (where the other record is another person\'s, it is left blank), and the history of this identifier (created, merged, split, linked by a person, with who and why).',
  accessHistory:
    'Who looked at or changed the person\'s data in Tessera: one entry per request, with the user or system (actor), their role and purpose, which fields they asked for and what they were allowed to see (otherCustomers: how many other people the same request concerned, not who), newest first (truncated: true when only the newest are listed; pruned: set when entries older than the retention period were deleted, with completeFrom, the time from which the history is complete).',
});

/** Internal terms that appear inside the sections. */
export const EXPORT_TERMS: Readonly<Record<string, string>> = Object.freeze({
  externalId: 'The identifier the source system uses for the record.',
  entity: 'The kind of record in its source system (contact, user, member, ticket, order …).',
  personRecordId: 'For a record about something the person did or owns (a ticket, an order), the record of the person it belongs to.',
  contentHash: 'A fingerprint of the record\'s content, used to notice when the source system changes it.',
  importRunId: 'The import that brought in the current version of the record (importedAt: when it started).',
  'firstSeenAt / lastChangedAt / sourceChangedAt': 'When Tessera first received the record, when its content last changed in Tessera, and when the source system says it changed.',
  quality: 'Notes on values Tessera could not use (an invalid email, a placeholder phone), so they were left out of the profile.',
  'probability / weight': 'How likely two records are the same person (0 to 1), and the strength of the evidence behind it.',
  blockingRule: 'Which shared value (e.g. the same postcode and surname) made Tessera compare the two records.',
  'decision / rule': 'Whether the pair was joined, kept apart or left for review, and by which rule (a shared email, the score, a person\'s decision).',
  impact: 'How many records a decision on the pair concerns (the records of both identifiers).',
  'fields (access history)': 'The data a request asked for, named Type.field (e.g. ProfileEmail.value), with what the request got: allowed (the value), masked (partly hidden), pseudonymised (replaced by a code), redacted (removed) or denied.',
  'operationName / queryHash / client': 'The name the requesting program gave its request, a fingerprint of the request text, and the program that sent it.',
  outcome: 'How the request ended: ok, denied (refused), error, or the change made (erased, linked, split).',
  'prevHash / hash': 'Links that chain the access-history entries, so removing or changing one can be detected.',
  actor: 'The user or system that made the request; a customer identifier here is a customer who tried to open this person\'s data.',
});
