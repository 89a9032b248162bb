import { defaultModel } from '../../../../src/identity/engine/model';
import { score } from '../../../../src/identity/engine/score';
import { DEFAULT_IDENTITY_CONFIG } from '../../../../src/identity/identity-config';
import { deterministicRuleOf, effectiveProbability } from '../../../../src/identity/resolution/resolve-region';
import { HOME, rec } from './fixtures';

// A swapped first/last name is weighed on the first record's side, so scoring (b, a) could differ from
// (a, b) by several bits: an incremental run scored (changed, neighbour) where a full run scored the lower
// id first, and left apart pairs the full run merged.
const PAIRS = [
  [rec('24134', { first: 'Daniel', last: 'Rosi', emails: ['daniel.rossi@example-auto.de'] }), rec('231832', { first: 'Rossi', last: 'Danny', emails: ['daniel.rossi@gmx.de'] })],
  [rec('900', { first: 'Katherine', last: 'Smithson', birth: '1980-05-17', address: HOME }), rec('12', { first: 'Smithson', last: 'Kate', birth: '1980-05-17' })],
  [rec('7', { first: 'Zbigniew', last: 'Nowak', phones: ['020 7946 0958'] }), rec('31', { first: 'Nowak', last: 'Zbyszek', phones: ['020 7946 0958'] })],
] as const;

describe('a pair scores the same in either order', () => {
  const model = defaultModel();
  it.each(PAIRS.map(([a, b]) => [a.id, b.id, a, b] as const))('%s and %s', (_x, _y, a, b) => {
    const ab = score(a, b, model);
    const ba = score(b, a, model);
    expect(ba.weight).toBe(ab.weight);
    expect(ba.probability).toBe(ab.probability);
    // each evidence line keeps its values on the side of the record asked first
    expect(ba.evidence).toEqual(ab.evidence.map(({ left, right, ...line }) => ({ ...line, ...(right !== undefined && { left: right }), ...(left !== undefined && { right: left }) })));
    const settings = { ...DEFAULT_IDENTITY_CONFIG, excludedKeys: undefined };
    expect(effectiveProbability(b, a, model, settings)).toBe(effectiveProbability(a, b, model, settings));
    expect(deterministicRuleOf(b, a, settings)).toBe(deterministicRuleOf(a, b, settings));
  });
});
