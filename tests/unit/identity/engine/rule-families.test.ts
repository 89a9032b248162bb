import { BLOCKING_RULES, buildFamilyBlocks, ruleFamilies, type BlockingRule, type RuleBlocks } from '../../../../src/identity/engine/blocking';
import { IntScratch } from '../../../../src/identity/engine/int-scratch';
import { population } from './population';

const index = (name: string) => BLOCKING_RULES.findIndex((r) => r.name === name);
const plain = (b: RuleBlocks) => ({ rule: b.rule, sizes: [...b.sizes], members: [...b.members], excluded: [...b.excluded] });

/** A small rule (the email) and its refinement by first name, over hand-made records. */
const email: BlockingRule = { name: 'e', attributes: ['email'], keys: (r) => r.emails };
const byFirst: BlockingRule = {
  name: 'e+first',
  attributes: ['email', 'first_name'],
  refines: { of: email, by: (r) => r.firstName },
  keys: (r) => (r.firstName === undefined ? [] : r.emails.map((k) => `${k}|${r.firstName}`)),
};
const r = (firstName: string | undefined, emails: string[]) => ({ ...population(1, 1).records[0]!, firstName, emails });

describe('rule families', () => {
  it('builds email_name+f3 with email_name, every other rule on its own', () => {
    const families = ruleFamilies();
    expect(families).toContainEqual([index('email_name'), index('email_name+f3')]);
    expect(families.flat().sort((a, b) => a - b)).toEqual(BLOCKING_RULES.map((_, i) => i));
    expect(families.filter((f) => f.length > 1)).toHaveLength(1);
  });

  it('builds a refinement on its own when its rule is missing or comes after it', () => {
    const base = BLOCKING_RULES[index('email_name')]!;
    const refinement = BLOCKING_RULES[index('email_name+f3')]!;
    expect(ruleFamilies([refinement, base])).toEqual([[0], [1]]);
    expect(ruleFamilies([refinement])).toEqual([[0]]);
    expect(ruleFamilies([base, BLOCKING_RULES[0]!, refinement])).toEqual([[0, 2], [1]]);
  });

  it('cuts a refinement from its rule into exactly the blocks its key strings make: order, members and excluded keys', () => {
    const { records } = population(600, 7);
    const base = index('email_name');
    const refined = index('email_name+f3');
    const rule: BlockingRule = BLOCKING_RULES[refined]!;
    // a fair share of keys excluded, and keys held twice by one record (two addresses spelling one name)
    const keys = records.flatMap((r) => rule.keys(r));
    expect(records.some((r) => new Set(rule.keys(r)).size < rule.keys(r).length)).toBe(true);
    const excluded = new Set(keys.filter((_, i) => i % 5 === 0).map((k) => `${rule.name}:${k}`));
    expect(keys.length).toBeGreaterThan(records.length);
    for (const skip of [undefined, excluded]) {
      const alone = buildFamilyBlocks(records, [refined], BLOCKING_RULES, skip);
      const together = buildFamilyBlocks(records, [base, refined], BLOCKING_RULES, skip);
      expect(together).toHaveLength(2);
      expect(plain(together[0]!)).toEqual(plain(buildFamilyBlocks(records, [base], BLOCKING_RULES, skip)[0]!));
      expect(plain(together[1]!)).toEqual(plain(alone[0]!));
      expect(together[1]!.sizes.length).toBeGreaterThan(20);
      if (skip) expect(together[1]!.excluded.some((x) => x === 1)).toBe(true);
    }
  });

  it('leaves out records without a part and blocks of one record, and splits a block by part in record order', () => {
    const records = [r('ann', ['x']), r('bob', ['x']), r('ann', ['x', 'y']), r(undefined, ['x']), r('bob', ['y']), r('ann', ['y']), r('bob', ['x', 'x'])];
    const [blocks, refined] = buildFamilyBlocks(records, [0, 1], [email, byFirst]);
    // e: x → 0,1,2,3,6; y → 2,4,5
    expect(plain(blocks!)).toEqual({ rule: 0, sizes: [5, 3], members: [0, 1, 2, 3, 6, 2, 4, 5], excluded: [0, 0] });
    // x|ann → 0,2 (first met at record 0); x|bob → 1,6 (6 holds it twice: one member); y|ann → 2,5; y|bob → 4 alone
    expect(plain(refined!)).toEqual({ rule: 1, sizes: [2, 2, 2], members: [0, 2, 1, 6, 2, 5], excluded: [0, 0, 0] });
    expect(plain(refined!)).toEqual(plain(buildFamilyBlocks(records, [1], [email, byFirst])[0]!));
  });

  it('puts the blocks in the order their keys are first met, not in key then part order', () => {
    // e: x → 0,3,4 (first met), y → 1,2; refined: x|ann alone, y|ann → 1,2 (met at record 1), x|bob → 3,4
    const records = [r('ann', ['x']), r('ann', ['y']), r('ann', ['y']), r('bob', ['x']), r('bob', ['x'])];
    const [, refined] = buildFamilyBlocks(records, [0, 1], [email, byFirst]);
    expect(plain(refined!)).toEqual({ rule: 1, sizes: [2, 2], members: [1, 2, 3, 4], excluded: [0, 0] });
    expect(plain(refined!)).toEqual(plain(buildFamilyBlocks(records, [1], [email, byFirst])[0]!));
  });

  it('builds the same blocks with one scratch passed from family to family, larger families first', () => {
    const { records } = population(600, 7);
    const families = [...ruleFamilies()].reverse();
    const fresh = families.map((f) => buildFamilyBlocks(records, f).map(plain));
    const scratch = new IntScratch();
    // twice over: the second pass meets buffers as large as the largest family left them
    for (let pass = 0; pass < 2; pass++) {
      expect(families.map((f) => buildFamilyBlocks(records, f, BLOCKING_RULES, undefined, scratch).map(plain))).toEqual(fresh);
    }
    expect(fresh.flat().reduce((n, b) => n + b.sizes.length, 0)).toBeGreaterThan(100);
  });

  it('builds a refinement of a rule of the same name but other keys on its own', () => {
    const base = BLOCKING_RULES[index('email_name')]!;
    const lookalike: BlockingRule = { ...base, keys: (r) => r.emails };
    const refinement = BLOCKING_RULES[index('email_name+f3')]!;
    expect(ruleFamilies([lookalike, refinement])).toEqual([[0], [1]]);
  });
});
