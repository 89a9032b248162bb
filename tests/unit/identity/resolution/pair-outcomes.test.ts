import { PairOutcomes } from '../../../../src/identity/resolution/pair-outcomes';
import { BLOCKING_RULES } from '../../../../src/identity/engine/blocking';
import { LINK_DECISIONS } from '../../../../src/identity/resolution/cluster-pieces';

describe('PairOutcomes', () => {
  const ids = ['3', '17', '4294967297'];
  const code = (d: (typeof LINK_DECISIONS)[number]) => LINK_DECISIONS.indexOf(d);

  it('reads back each pair as the object it stands for, names by their codes', () => {
    const links = new PairOutcomes(ids, 3);
    links.add(0, 1, 0.97, 5.5, 2, code('match'), 'exact_email', 0);
    links.add(1, 2, 0.6, 1.25, 0, code('review'), 'review_threshold', 4);
    links.add(0, 2, 0.01, -6, -1, code('split'), 'manual_split', 0);
    expect(links.length).toBe(3);
    expect(links.toArray()).toEqual([
      { a: '3', b: '17', probability: 0.97, weight: 5.5, blockingRule: BLOCKING_RULES[2]!.name, decision: 'match', rule: 'exact_email', impact: 0 },
      { a: '17', b: '4294967297', probability: 0.6, weight: 1.25, blockingRule: BLOCKING_RULES[0]!.name, decision: 'review', rule: 'review_threshold', impact: 4 },
      { a: '3', b: '4294967297', probability: 0.01, weight: -6, blockingRule: null, decision: 'split', rule: 'manual_split', impact: 0 },
    ]);
    expect(links.rules).toEqual(['exact_email', 'review_threshold', 'manual_split']);
    expect(links.count('review')).toBe(1);
    expect(links.count('refused')).toBe(0);
    expect([0, 1, 2].map((x) => links.recordNumber(x))).toEqual([3, 17, 4294967297]);
  });

  it('keeps one code per rule name, and refuses more pairs than announced', () => {
    const links = new PairOutcomes(ids, 2);
    links.add(0, 1, 1, 9, 0, code('match'), 'exact_phone', 0);
    links.add(1, 2, 1, 9, 0, code('match'), 'exact_phone', 0);
    expect(links.rules).toEqual(['exact_phone']);
    expect(() => links.add(0, 2, 1, 9, 0, code('match'), 'exact_phone', 0)).toThrow(/more pairs than the 2 announced/);
    expect(links.length).toBe(2);
  });

  it('refuses to write a record id that is not a safe non-negative integer, and reads only those asked for', () => {
    for (const bad of ['-1', '1e3', '9007199254740993', '']) expect(() => new PairOutcomes([bad], 0).recordNumber(0)).toThrow(/not a record id/);
    expect(new PairOutcomes(['x', '12'], 0).recordNumber(1)).toBe(12);
  });
});
