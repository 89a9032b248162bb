// What a link puts together that conflicts: pairs across the two former customers whose records hold
// different identifiers of one type (two customer numbers) or birth dates no typo explains. A link binds
// regardless of evidence, so the steward learns of them from the answer, not from a later false merge.
import type { MatchRecord } from './engine/match-record';
import type { MatchModel } from './engine/model';
import { score } from './engine/score';
import { idsInOrder } from './engine/pair-order';

export interface PairConflict {
  recordA: string;
  recordB: string;
  /** e.g. identifier:customer_number, birth_date */
  conflicts: string[];
}

/** Conflicting pairs with one record in `left` and the other not, lower record id first, in id order. */
export function conflictsAcross(records: MatchRecord[], left: ReadonlySet<string>, model: MatchModel): PairConflict[] {
  const out: PairConflict[] = [];
  const inLeft = records.filter((r) => left.has(r.id));
  const inRight = records.filter((r) => !left.has(r.id));
  for (const x of inLeft) {
    for (const y of inRight) {
      const { conflicts } = score(x, y, model);
      if (conflicts.length === 0) continue;
      const [recordA, recordB] = idsInOrder(x.id, y.id);
      out.push({ recordA, recordB, conflicts });
    }
  }
  return out.sort((p, q) => Number(BigInt(p.recordA) - BigInt(q.recordA)) || Number(BigInt(p.recordB) - BigInt(q.recordB)));
}
