import {
  normaliseIdentifier,
  normaliseIdentifierType,
  normaliseIdentifierValue,
} from '../../../src/identity/matching/normalise-identifier';

describe('normaliseIdentifier', () => {
  it.each([
    ['customer_number', ' ab-12 34 ', { type: 'customer_number', value: 'AB1234' }],
    ['Customer Number', 'c-000123', { type: 'customer_number', value: 'C000123' }],
    ['customerNumber', 'x1', { type: 'customer_number', value: 'X1' }],
    ['Loyalty-Number', 'ly 99\t01', { type: 'loyalty_number', value: 'LY9901' }],
    [' LOYALTY_NUMBER ', 'ly–99', { type: 'loyalty_number', value: 'LY99' }],
    ['Numéro client', 'abc', { type: 'numero_client', value: 'ABC' }],
    ['tax id.', '12.34', { type: 'tax_id', value: '12.34' }],
  ])('(%j, %j)', (type, value, expected) => {
    expect(normaliseIdentifier(type, value)).toEqual(expected);
  });

  it('exposes the two halves', () => {
    expect(normaliseIdentifierType('Member ID')).toBe('member_id');
    expect(normaliseIdentifierValue(' a - b ')).toBe('AB');
  });
});
