import { AMBIGUOUS_SLASH_DATE, normaliseBirthDate } from '../../../src/identity/matching/normalise-date';

const NOW = new Date('2025-06-15T12:00:00Z');

describe('normaliseBirthDate', () => {
  it.each([
    ['1980-05-17', '1980-05-17'],
    [' 1980-5-7 ', '1980-05-07'],
    ['1980/05/17', '1980-05-17'],
    ['05/17/1980', '1980-05-17'],
    // the first number cannot be a month: day-first
    ['17/05/1980', '1980-05-17'],
    ['17.05.1980', '1980-05-17'],
    ['7.5.1980', '1980-05-07'],
    ['1980-05-17T00:00:00Z', '1980-05-17'],
    ['1980-05-17T00:00:00.000+02:00', '1980-05-17'],
    ['1980-05-17T23:30:00-05:00', '1980-05-17'],
    ['1980-05-17 00:00', '1980-05-17'],
    ['2000-02-29', '2000-02-29'],
    ['2024-02-29', '2024-02-29'],
    ['02/29/1996', '1996-02-29'],
    ['1900-01-01', '1900-01-01'],
    ['2025-06-15', '2025-06-15'],
  ])('%j → %s', (raw, value) => {
    expect(normaliseBirthDate(raw, NOW)).toEqual({ value });
  });

  // slashes are US by default, even when both readings are possible; the result says it guessed
  it.each([
    ['5/7/1980', '1980-05-07'],
    ['03/04/1980', '1980-03-04'],
    ['12/09/1987', '1987-12-09'],
  ])('%j → %s, ambiguous', (raw, value) => {
    expect(normaliseBirthDate(raw, NOW)).toEqual({ value, ambiguous: AMBIGUOUS_SLASH_DATE });
  });

  it('does not call a slash date ambiguous when day and month are equal', () => {
    expect(normaliseBirthDate('07/07/1980', NOW)).toEqual({ value: '1980-07-07' });
  });

  it.each([
    ['05/17', 5, 17],
    ['5/7', 5, 7],
    ['02/29', 2, 29],
    ['12/31', 12, 31],
  ])('%j → partial %i/%i', (raw, month, day) => {
    expect(normaliseBirthDate(raw, NOW)).toEqual({ partial: { month, day } });
  });

  it.each([
    ['', 'empty'],
    ['2023-02-29', 'impossible date'],
    ['1900-02-29', 'impossible date'],
    ['2023-02-30', 'impossible date'],
    ['02/29/2023', 'impossible date'],
    ['1980-04-31', 'impossible date'],
    ['1980-13-01', 'impossible date'],
    ['1980-00-10', 'impossible date'],
    ['13/13/1980', 'impossible date'],
    ['31.02.1980', 'impossible date'],
    ['02/30', 'impossible date'],
    ['13/05', 'impossible date'],
    ['1899-12-31', 'before 1900'],
    ['2025-06-16', 'in the future'],
    ['2030-01-01T00:00:00Z', 'in the future'],
    ['17 May 1980', 'unrecognised date format'],
    ['05/17/80', 'unrecognised date format'],
    ['1980-05', 'unrecognised date format'],
    ['19800517', 'unrecognised date format'],
    ['05-17-1980', 'unrecognised date format'],
  ])('%j is invalid: %s', (raw, invalid) => {
    expect(normaliseBirthDate(raw, NOW)).toEqual({ invalid });
  });

  it('uses the current date by default', () => {
    expect(normaliseBirthDate('2999-01-01')).toEqual({ invalid: 'in the future' });
    expect(normaliseBirthDate('1980-05-17')).toEqual({ value: '1980-05-17' });
  });
});
