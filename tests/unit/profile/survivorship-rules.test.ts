import { compareBy, decidingRule, rank, rulesOfRanking, type Ranked } from '../../../src/profile/survivorship-rules';
import type { Rule } from '../../../src/profile/survivorship';

/** A candidate value: held by `records` records of `sources`, the newest changed on day `newest`. */
function value(name: string, v: Partial<Ranked>): Ranked & { name: string } {
  return { name, sources: ['crm'], newest: 0, records: 1, completeness: [], order: 0, ...v };
}
const names = (ranked: { name: string }[]) => ranked.map((r) => r.name);

const RECENT: Rule = { rule: 'most_recent' };
const FREQUENT: Rule = { rule: 'most_frequent' };
const COMPLETE: Rule = { rule: 'most_complete' };

describe('survivorship rules', () => {
  describe('compareBy', () => {
    it('source_priority: the best source holding the value counts; an unlisted source comes after every listed one', () => {
      const rule: Rule = { rule: 'source_priority', sources: ['salesforce', 'mailchimp'] };
      const sf = value('sf', { sources: ['zendesk', 'salesforce'] });
      const mc = value('mc', { sources: ['mailchimp'] });
      const zd = value('zd', { sources: ['zendesk'] });
      const shop = value('shop', { sources: ['shop'] });
      expect(compareBy(rule, sf, mc)).toBeLessThan(0);
      expect(compareBy(rule, zd, mc)).toBeGreaterThan(0);
      expect(compareBy(rule, zd, shop)).toBe(0);
    });

    it('most_recent: the value whose newest record changed last', () => {
      expect(compareBy(RECENT, value('new', { newest: 20 }), value('old', { newest: 10 }))).toBeLessThan(0);
      expect(compareBy(RECENT, value('a', { newest: 10 }), value('b', { newest: 10 }))).toBe(0);
    });

    it('most_frequent: the value more records hold', () => {
      expect(compareBy(FREQUENT, value('two', { records: 2 }), value('one', { records: 1 }))).toBeLessThan(0);
      expect(compareBy(FREQUENT, value('a', { records: 2 }), value('b', { records: 2 }))).toBe(0);
    });

    it('most_complete: part by part, the first difference decides', () => {
      expect(compareBy(COMPLETE, value('a', { completeness: [2, 0, 5] }), value('b', { completeness: [1, 2, 30] }))).toBeLessThan(0);
      expect(compareBy(COMPLETE, value('a', { completeness: [2, 1, 5] }), value('b', { completeness: [2, 1, 9] }))).toBeGreaterThan(0);
      expect(compareBy(COMPLETE, value('a', { completeness: [2, 1] }), value('b', { completeness: [2, 1] }))).toBe(0);
    });
  });

  describe('rank', () => {
    it('orders by the first rule and breaks its ties by the next', () => {
      const candidates = [
        value('old-complete', { completeness: [2], newest: 1, order: 0 }),
        value('new-short', { completeness: [1], newest: 9, order: 1 }),
        value('new-complete', { completeness: [2], newest: 5, order: 2 }),
      ];
      expect(names(rank(candidates, [COMPLETE, RECENT]))).toEqual(['new-complete', 'old-complete', 'new-short']);
      expect(names(rank(candidates, [RECENT]))).toEqual(['new-short', 'new-complete', 'old-complete']);
    });

    it('keeps the order of first sight where every rule finds the values equal, and does not change its input', () => {
      const candidates = [value('b', { order: 1 }), value('a', { order: 0 }), value('c', { order: 2 })];
      expect(names(rank(candidates, [RECENT, FREQUENT]))).toEqual(['a', 'b', 'c']);
      expect(names(candidates)).toEqual(['b', 'a', 'c']);
    });
  });

  describe('which rule decided', () => {
    const complete = value('complete', { completeness: [2], newest: 1 });
    const recent = value('recent', { completeness: [2], newest: 9 });
    const short = value('short', { completeness: [1], newest: 20 });

    it('decidingRule: the first rule that tells two values apart, or null', () => {
      expect(decidingRule([COMPLETE, RECENT], recent, short)).toBe('most_complete');
      expect(decidingRule([COMPLETE, RECENT], recent, complete)).toBe('most_recent');
      expect(decidingRule([FREQUENT], recent, complete)).toBeNull();
    });

    it('rulesOfRanking: the first value by what put it ahead of the second, the others by what put them behind the one before', () => {
      const rules = [COMPLETE, RECENT];
      expect(rulesOfRanking(rank([complete, recent, short], rules), rules)).toEqual(['most_recent', 'most_recent', 'most_complete']);
      expect(rulesOfRanking([short], rules)).toEqual(['most_complete']);
      expect(rulesOfRanking([value('a', {}), value('b', {})], [FREQUENT])).toEqual(['most_frequent', 'most_frequent']);
    });
  });
});
