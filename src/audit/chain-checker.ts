import type { ChainedEntry } from './access-entry';
import type { ChainBreak } from './chain-break';
import type { Checkpoint } from './checkpoint';
import { hashEntry } from './hash-chain';

/** A link that does not hold; the caller decides between reordered and rewritten (it can search the log). */
export interface UnlinkedEntry {
  position: number;
  prevHash: string;
}

/**
 * Checks entries one at a time in position order, holding only the previous hash: constant memory for any
 * log length. Stops at the first problem. `start` is where the chain (re)starts: genesis, or the last
 * pruned entry a trusted checkpoint names.
 */
export class ChainChecker {
  private expectedPosition: number;
  private expectedPrev: string;
  private readonly heads = new Map<number, Checkpoint>();
  checked = 0;
  problem: ChainBreak | null = null;
  unlinked: UnlinkedEntry | null = null;

  constructor(
    start: { position: number; hash: string },
    private readonly checkpoints: Checkpoint[],
  ) {
    this.expectedPosition = start.position + 1;
    this.expectedPrev = start.hash;
    for (const c of checkpoints) if (c.position > start.position) this.heads.set(c.position, c);
  }

  /** False once a problem is found (stop feeding entries). */
  check(entry: ChainedEntry): boolean {
    return this.checkHashed(entry.position, entry.prevHash, entry.hash, hashEntry(entry.prevHash, entry));
  }

  /** The same check for a row read without building an entry: `recomputed` is the hash its content implies. */
  checkHashed(p: number, prevHash: string, hash: string, recomputed: string): boolean {
    if (this.problem || this.unlinked) return false;
    if (p !== this.expectedPosition) {
      return this.fail(this.expectedPosition, 'deleted', `entries ${this.expectedPosition}..${p - 1} are missing (the next entry is at ${p})`);
    }
    if (recomputed !== hash) {
      return this.fail(p, 'edited', `entry ${p} does not match its hash: its content was changed`);
    }
    if (prevHash !== this.expectedPrev) {
      this.unlinked = { position: p, prevHash };
      return false;
    }
    const head = this.heads.get(p);
    if (head && head.headHash !== hash) {
      return this.fail(p, 'checkpoint-mismatch', `the checkpoint signed at ${head.at} says entry ${p} has hash ${head.headHash}, the log has ${hash}: history was rewritten`);
    }
    this.checked += 1;
    this.expectedPosition = p + 1;
    this.expectedPrev = hash;
    return true;
  }

  /** After the last entry: a checkpoint beyond the end means the log was truncated. */
  finish(): ChainBreak | null {
    if (this.problem || this.unlinked) return this.problem;
    const last = this.expectedPosition - 1;
    const beyond = this.checkpoints.filter((c) => c.position > last).sort((a, b) => b.position - a.position)[0];
    if (beyond) {
      this.fail(last + 1, 'truncated', `the checkpoint signed at ${beyond.at} covers ${beyond.position} entries; the log ends at ${last}`);
    }
    return this.problem;
  }

  private fail(position: number, reason: ChainBreak['reason'], detail: string): false {
    this.problem = { position, reason, detail };
    return false;
  }
}

/** An unlinked entry: reordered when the entry it links to is still in the log (at `foundAt`), else rewritten. */
export function classifyUnlinked(unlinked: UnlinkedEntry, foundAt: number | null): ChainBreak {
  if (foundAt !== null) {
    return { position: unlinked.position, reason: 'reordered', detail: `entry ${unlinked.position} follows the entry now at position ${foundAt}` };
  }
  return {
    position: unlinked.position,
    reason: 'rewritten',
    detail: `entry ${unlinked.position} links to hash ${unlinked.prevHash}, which no entry has: an earlier entry was changed and rehashed, or entries were removed and the rest renumbered`,
  };
}

/**
 * A rewritten-and-rehashed history is found only at the next signed head, so the mismatch's position is
 * the checkpoint's, not where the change began. What the log can say is the stretch it lies in: after the
 * last trusted head that matched (or the walk's start) and at or before the mismatch.
 */
export function locateRewrite(b: ChainBreak, trusted: Checkpoint[], start: number): ChainBreak {
  if (b.reason !== 'checkpoint-mismatch') return b;
  const matched = Math.max(start, ...trusted.map((c) => c.position).filter((p) => p < b.position));
  const why = matched > start ? `the checkpoint at ${matched} matched` : start > 0 ? `the log starts after pruned position ${start}` : 'no earlier checkpoint';
  return { ...b, detail: `${b.detail}; the first changed entry is in positions ${matched + 1}..${b.position} (${why}): the log cannot tell which` };
}
