import { pairParams } from '../../../src/identity/link-writes';
import { LINK_DECISIONS } from '../../../src/identity/resolution/cluster-pieces';
import { PairOutcomes } from '../../../src/identity/resolution/pair-outcomes';

/** Elements of a one-dimensional binary array (array_send): int4 as numbers, text as strings, NULL as null. */
function elements(buffer: Buffer, kind: 'int' | 'text'): (number | string | null)[] {
  if (buffer.readInt32BE(0) === 0) return [];
  const count = buffer.readInt32BE(12);
  const out: (number | string | null)[] = [];
  let at = 20;
  for (let i = 0; i < count; i++) {
    const length = buffer.readInt32BE(at);
    at += 4;
    if (length < 0) out.push(null);
    else {
      out.push(kind === 'int' ? buffer.readInt32BE(at) : buffer.toString('utf8', at, at + length));
      at += length;
    }
  }
  return out;
}

// What the statement does with the codes: `(names)[code]`, 1-based, NULL out of range.
const named = (codes: (number | string | null)[], names: (number | string | null)[]) => codes.map((c) => names[(c as number) - 1] ?? null);

describe('pairParams', () => {
  it("codes each chunk's rule names among that chunk's names only, and the rest against their tables", () => {
    const ids = ['1', '2', '3', '4'];
    const links = new PairOutcomes(ids, 4);
    const match = LINK_DECISIONS.indexOf('match');
    const refused = LINK_DECISIONS.indexOf('refused');
    links.add(0, 1, 0.9, 4, 0, match, 'exact_email', 0);
    links.add(0, 2, 0.1, -2, -1, refused, 'conflict between records 1 and 3', 0);
    links.add(1, 3, 0.9, 4, 1, match, 'exact_phone', 0);
    links.add(2, 3, 0.9, 4, 0, match, 'exact_email', 2);

    const first = pairParams(links, 0, 2, '7') as Buffer[];
    expect(named(elements(first[6]!, 'int'), elements(first[10]!, 'text'))).toEqual(['exact_email', 'conflict between records 1 and 3']);
    expect(named(elements(first[5]!, 'int'), elements(first[9]!, 'text'))).toEqual(['match', 'refused']);
    expect(named(elements(first[4]!, 'int'), elements(first[8]!, 'text'))).toEqual([PairOutcomes.blockingRules[0], null]);

    const second = pairParams(links, 2, 4, '7') as Buffer[];
    expect(elements(second[10]!, 'text')).toEqual(['exact_phone', 'exact_email']);
    expect(named(elements(second[6]!, 'int'), elements(second[10]!, 'text'))).toEqual(['exact_phone', 'exact_email']);
    expect(elements(second[7]!, 'int')).toEqual([0, 2]);
    expect(second[11]).toBe('7');
  });
});
