import { searchTerms } from '../../../src/profile/customer-search';

describe('searchTerms', () => {
  it.each([
    ['(512) 555-0177', 'US', ['(512) 555-0177', '+15125550177']],
    ['512-555-0177', 'US', ['512-555-0177', '+15125550177']],
    [' +1 512 555 0177 ', 'US', ['+1 512 555 0177', '+15125550177']],
    ['1-512-555-0177 ext. 4', 'US', ['1-512-555-0177 ext. 4', '+15125550177']],
    ['020 7946 0958', 'GB', ['020 7946 0958', '+442079460958']],
    ['+44 20 7946 0958', 'US', ['+44 20 7946 0958', '+442079460958']],
  ] as const)('adds the E.164 form of the whole number %j (region %s)', (term, region, expected) => {
    expect(searchTerms(term, region)).toEqual(expected);
  });

  it.each([['+15125550177'], ['Priya'], ['RAMAN@Fastmail'], ['555-01'], ['020 7946 0958'], ['2024']])('searches %j as written only', (term) => {
    expect(searchTerms(term, 'US')).toEqual([term.toLowerCase()]);
  });
});
