import { normalisePostcode, parseStreetLine, postcodeDistrict } from '../../../../src/identity/engine/normalise-address';

describe('parseStreetLine', () => {
  it.each([
    ['12 High Street', { street: 'high street', houseNumber: '12' }],
    ['12 High St.', { street: 'high street', houseNumber: '12' }],
    ['Flat 3, 12 High St', { street: 'high street', houseNumber: '12' }],
    ['12A Baker Rd', { street: 'baker road', houseNumber: '12a' }],
    ['12 a Baker Road', { street: 'baker road', houseNumber: '12a' }],
    ['St Johns Ave Apt 4B', { street: 'saint johns avenue' }],
    ['221 Main St, Suite 300', { street: 'main street', houseNumber: '221' }],
    ['Hauptstraße 5', { street: 'hauptstrasse', houseNumber: '5' }],
    ['Hauptstr. 5', { street: 'hauptstrasse', houseNumber: '5' }],
    ['Unit 7', {}],
    ['', {}],
  ])('%j', (line, expected) => {
    expect(parseStreetLine(line)).toEqual(expected);
  });
});

describe('postcodes', () => {
  it.each([
    ['sw1a 1aa', 'SW1A1AA', 'SW1A'],
    ['LS1 4AB', 'LS14AB', 'LS1'],
    ['10115', '10115', '101'],
    ['02134-1234', '021341234', '021'],
    ['AB1', 'AB1', ''],
  ])('%j → %j, district %j', (raw, compact, district) => {
    expect(normalisePostcode(raw)).toBe(compact);
    expect(postcodeDistrict(normalisePostcode(raw))).toBe(district);
  });
});
