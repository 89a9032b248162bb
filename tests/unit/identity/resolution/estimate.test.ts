import { DEFAULT_IDENTITY_CONFIG } from '../../../../src/identity/identity-config';
import { chooseModel, type StoredModel } from '../../../../src/identity/resolution/estimate';
import { defaultModel } from '../../../../src/identity/engine/model';

const stored = (estimated: boolean, recordCount: number): StoredModel => ({ id: '1', model: defaultModel(), estimated, recordCount, revision: 0 });

describe('chooseModel', () => {
  it.each([
    ['no model, few records: the default model', undefined, 10, false, 'default'],
    ['no model, enough records: estimate', undefined, 5000, false, 'estimate'],
    ['a default model, still few records: keep', stored(false, 10), 900, false, 'keep'],
    ['a default model, now enough records: estimate', stored(false, 10), 1000, false, 'estimate'],
    ['an estimated model, population grew 10%: keep', stored(true, 10_000), 11_000, false, 'keep'],
    ['an estimated model, population grew 25%: estimate', stored(true, 10_000), 12_500, false, 'estimate'],
    ['an estimated model, population shrank 30%: estimate', stored(true, 10_000), 7_000, false, 'estimate'],
    ['asked for: estimate', stored(true, 10_000), 10_000, true, 'estimate'],
    ['asked for with too few records: keep', stored(false, 10), 10, true, 'keep'],
    ['a model of older scoring code: estimate', { ...stored(true, 10_000), model: { ...defaultModel(), version: 1 } }, 10_000, false, 'estimate'],
    ['a default model of older scoring code: a new default', { ...stored(false, 10), model: { ...defaultModel(), version: 1 } }, 10, false, 'default'],
  ] as const)('%s', (_name, model, records, force, expected) => {
    expect(chooseModel(model, records, DEFAULT_IDENTITY_CONFIG, force)).toBe(expected);
  });
});
