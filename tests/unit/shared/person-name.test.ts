import { splitFullName as identitySplit } from '../../../src/identity/matching/normalise-name';
import { splitFullName } from '../../../src/shared/person-name';
import { splitFullName as sourceSplit } from '../../../src/sources/shared/person';

describe('splitFullName (shared by source mapping and identity)', () => {
  it('is the one identity uses', () => {
    expect(identitySplit).toBe(splitFullName);
  });

  it.each([
    ['Dr. Jane Smithers', { first: 'Jane', last: 'Smithers' }],
    ['Hartley, Bill', { first: 'Bill', last: 'Hartley' }],
    ['Young, Jim', { first: 'Jim', last: 'Young' }],
    ['Prof Ada Lovelace', { first: 'Ada', last: 'Lovelace' }],
    ['Ms. Ann Lee Sr.', { first: 'Ann', last: 'Lee' }],
    // a comma before a suffix sets off the suffix; it does not end a surname
    ['John Smith, Jr.', { first: 'John', last: 'Smith' }],
    ['John Smith, Jr., PhD', { first: 'John', last: 'Smith' }],
    ['Smith, Jr', { last: 'Smith' }],
    ['Smith Jr., John', { first: 'John', last: 'Smith' }],
  ])('%j → %j', (full, expected) => {
    expect(splitFullName(full)).toEqual(expected);
  });
});

describe('the source mappers’ split of a single name field', () => {
  it.each([
    ['Dr. Jane Smithers', { firstName: 'Jane', lastName: 'Smithers' }],
    ['Hartley, Bill', { firstName: 'Bill', lastName: 'Hartley' }],
    ['Cher', { firstName: 'Cher' }],
    ['Mr', {}],
    [undefined, {}],
  ])('%j → %j', (full, expected) => {
    expect(sourceSplit(full)).toEqual(expected);
  });
});
