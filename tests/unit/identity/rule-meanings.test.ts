import { ruleMeaning } from '../../../src/identity/rule-meanings';

describe('plain-language meaning of the rule that decided a pair', () => {
  it.each([
    ['exact_email', /same email address/],
    ['match_threshold 0.95', /match threshold \(0\.95\): joined on its own/],
    ['review_band 0.5–0.95', /borderline score \(between 0\.5 and 0\.95\)/],
    ['below_review_threshold 0.5', /below the review threshold \(0\.5\)/],
    ['review_band_confirmed', /every other pair across the two customers agrees/],
    ['manual_split', /different people/],
    ['manual_link blocked by manual_split 12-34', /earlier decision/],
    ['conflict identifier:customer_number between records 12 and 34', /contradict each other \(identifier:customer_number between records 12 and 34\)/],
    ['one record per source: salesforce', /only one record of this source \(salesforce\)/],
    ['size cap 50', /size cap \(50 records\)/],
    ['weak cross-pair evidence: mean -2.1 bits over 3 pairs', /too little in common/],
  ])('%s', (rule, meaning) => {
    expect(ruleMeaning(rule)).toMatch(meaning);
  });

  it('gives an unknown rule back as it is', () => {
    expect(ruleMeaning('something_new')).toBe('something_new');
  });
});
