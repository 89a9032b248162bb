import { blockLimit, forEachCandidatePair, type BlockingRule } from '../../../../src/identity/engine/blocking';
import { rec } from './fixtures';

describe('per-rule block limits', () => {
  it('a rule may be tighter than the run, never looser', () => {
    expect(blockLimit('email_name:johnsmith', 500)).toBe(50);
    expect(blockLimit('email_name:johnsmith', 20)).toBe(20);
    expect(blockLimit('email:john@x.co', 500)).toBe(500);
  });

  it('skips a block over its rule limit, keeps the same size under another rule', () => {
    const rules: BlockingRule[] = [
      { name: 'tight', attributes: ['last_name'], maxBlockSize: 3, keys: (r) => (r.lastName ? [r.lastName] : []) },
      { name: 'loose', attributes: ['first_name'], keys: (r) => (r.firstLoose ? [r.firstLoose] : []) },
    ];
    const records = ['a', 'b', 'c', 'd'].map((id) => rec(id, { first: 'Olivia', last: 'Quist' }));
    const seen: string[] = [];
    const stats = forEachCandidatePair(records, (a, b, rule) => seen.push(`${a}${b}:${rules[rule]!.name}`), { rules, maxBlockSize: 500 });
    expect(stats.skippedBlocks).toBe(1);
    expect(seen).toHaveLength(6);
    expect(seen.every((s) => s.endsWith(':loose'))).toBe(true);
  });
});
