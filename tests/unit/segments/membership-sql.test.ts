import { TRAIT_CATALOG } from '../../../src/metrics/trait-catalog';
import { countSql, governanceFor, NO_GOVERNANCE, previewSql, refreshSql } from '../../../src/segments/membership-sql';
import { validateDefinition } from '../../../src/segments/validate-definition';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const condition = (() => {
  const result = validateDefinition({ trait: { name: 'experienceScore', op: 'gte', value: 50 } }, { traits: TRAIT_CATALOG });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.condition;
})();

describe('membership statements', () => {
  it('governance: consent-bound purposes get consent and fatigue, others nothing', () => {
    expect(governanceFor('Email', 7)).toEqual({ consentChannel: 'email', fatigueDays: 7 });
    expect(governanceFor(null, 7)).toEqual(NO_GOVERNANCE);
  });

  it('without governance the verdicts are constants', () => {
    const q = previewSql(condition, NO_GOVERNANCE, NOW, 10);
    expect(q.sql).toContain('SELECT x.id, true AS consented, false AS fatigued FROM matched x');
    expect(q.params).toEqual([50, 10]);
  });

  it('fatigue off (0 days) keeps consent', () => {
    const q = previewSql(condition, { consentChannel: 'email', fatigueDays: 0 }, NOW, 5);
    expect(q.sql).toContain('false AS fatigued');
    expect(q.sql).toContain('FROM customer_consent cc WHERE cc.channel = $2::text AND cc.granted');
    expect(q.params[1]).toBe('email');
  });

  it('count is the definition alone', () => {
    expect(countSql(condition, NOW)).toEqual({
      sql: 'SELECT count(*)::int AS matched FROM (SELECT c.id FROM customer_metrics_hot m CROSS JOIN LATERAL (SELECT m.customer_id AS id) c WHERE m."experience_score" >= $1::numeric) x',
      params: [50],
    });
  });

  it('SQL snapshot: a governed refresh (diff against the snapshot, change log, counts)', () => {
    expect(refreshSql('6f1c2b9e-0000-4000-8000-000000000001', condition, { consentChannel: 'email', fatigueDays: 7 }, NOW)).toMatchSnapshot();
  });
});
