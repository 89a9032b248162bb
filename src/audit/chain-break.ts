/**
 * Why verification stopped trusting the log at a position:
 * - edited: the entry no longer matches its own hash;
 * - deleted: positions jump (entries missing), or the log starts after where the last pruning ended;
 * - reordered: the entry links to an entry that is still in the log, but at another position;
 * - rewritten: the entry links to a hash no entry has any more (an earlier entry was changed and rehashed,
 *   or entries were removed and the rest renumbered);
 * - checkpoint-mismatch: a signed checkpoint names another head hash at this position (history rewritten
 *   and rehashed from there on);
 * - truncated: a signed checkpoint covers positions the log no longer has;
 * - checkpoint-signature: a checkpoint's signature does not verify, or its key is unknown.
 */
export const BREAK_REASONS = ['edited', 'deleted', 'reordered', 'rewritten', 'checkpoint-mismatch', 'truncated', 'checkpoint-signature'] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];

export interface ChainBreak {
  position: number;
  reason: BreakReason;
  detail: string;
}

/** The break at the lowest position; a tie goes to the first given. */
export function firstBreak(breaks: (ChainBreak | null | undefined)[]): ChainBreak | null {
  let first: ChainBreak | null = null;
  for (const b of breaks) if (b && (!first || b.position < first.position)) first = b;
  return first;
}
