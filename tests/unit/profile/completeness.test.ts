import { addressCompleteness, nameCompleteness, type NameValue } from '../../../src/profile/completeness';

const full = (text: string): NameValue => ({ full: text });
const split = (first?: string, last?: string): NameValue => ({ first, last, full: [first, last].filter(Boolean).join(' ') });

/** Negative when a is more complete. */
function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return (b[i] ?? 0) - (a[i] ?? 0);
  return 0;
}

describe('nameCompleteness', () => {
  it.each([
    ['first and last over a first name alone', split('David', 'Johnson'), split('David')],
    ['a two-word full name over one word', full('David Johnson'), full('Priya')],
    ['one word over a handle with an underscore', full('Smith'), full('jose_smith')],
    ['one word over a dotted handle', full('Smith'), full('peggy.miller')],
    ['one word over an all lower-case single word', full('Smith'), full('jsmith')],
    ['one word over an email address', full('Smith'), full('dickwood@yahoo.com')],
    ['a name in its fields over the same words in one field', split('David', 'Johnson'), full('Johnson, David')],
    ['more letters among names alike', split('Robert', 'Smith'), split('Bob', 'Smith')],
  ])('%s', (_case, better, worse) => {
    expect(compare(nameCompleteness(better), nameCompleteness(worse))).toBeLessThan(0);
  });

  it('an initial is a word, not a handle', () => {
    expect(nameCompleteness(full('J. Smith'))[0]).toBe(2);
    expect(nameCompleteness(full('J.'))[0]).toBe(1);
  });

  it('a name without letter case (Chinese) is not a handle', () => {
    expect(nameCompleteness(full('王小明'))[0]).toBe(1);
  });

  it('a typo the same length is as complete as the name', () => {
    expect(compare(nameCompleteness(split('Mihcael', 'Thomas')), nameCompleteness(split('Michael', 'Thomas')))).toBe(0);
  });

  it('a letter typed twice does not make a name more complete ("Smiith"), a dropped one makes it less ("Smth")', () => {
    expect(compare(nameCompleteness(split('Benjamin', 'Smiith')), nameCompleteness(split('Benjamin', 'Smith')))).toBe(0);
    expect(compare(nameCompleteness(split('Tommy', 'Miller')), nameCompleteness(split('Tommy', 'Miler')))).toBe(0);
    expect(compare(nameCompleteness(split('Jon', 'Smith')), nameCompleteness(split('Jon', 'Smth')))).toBeLessThan(0);
  });
});

describe('addressCompleteness', () => {
  it('counts line, postcode, city and country first, then line 2 and region, then letters and digits', () => {
    const full = { line1: '1 Main St', postcode: '02108', city: 'Boston', country: 'US' };
    expect(compare(addressCompleteness(full), addressCompleteness({ line1: '1 Main Street', line2: 'Apt 4', city: 'Boston', region: 'MA' }))).toBeLessThan(0);
    expect(compare(addressCompleteness({ ...full, line2: 'Apt 4' }), addressCompleteness({ ...full, line1: '1 Main Street' }))).toBeLessThan(0);
    expect(compare(addressCompleteness({ ...full, line1: '1 Main Street' }), addressCompleteness(full))).toBeLessThan(0);
    expect(addressCompleteness({ line1: '  ', city: 'Boston' })).toEqual([1, 0, 6]);
  });
});
