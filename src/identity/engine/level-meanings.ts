// What each comparison level says, in words a support agent or privacy officer can read (explainMatch's
// `meaning`); the level names stay the engine's. Keyed like LEVELS: a test keeps the two in step.
import type { Attribute } from './levels';

export const LEVEL_MEANINGS: Readonly<Record<Attribute, Readonly<Record<string, string>>>> = {
  first_name: {
    exact: 'the first names are the same',
    'jw_0.92': 'the first names are spelled almost alike (a typo)',
    'jw_0.88': 'the first names are spelled alike',
    nickname: 'one first name is a nickname or short form of the other (Bob and Robert)',
    one_edit: 'the first names differ by one letter (a typo)',
    initial: 'one record has only the initial of the other first name',
    phonetic: 'the first names sound alike but are spelled differently',
    else: 'the first names are different',
    missing: 'one record has no first name',
  },
  last_name: {
    exact: 'the last names are the same',
    'jw_0.92': 'the last names are spelled almost alike (a typo)',
    'jw_0.88': 'the last names are spelled alike',
    one_edit: 'the last names differ by one letter (a typo)',
    initial: 'one record has only the initial of the other last name',
    phonetic: 'the last names sound alike but are spelled differently',
    else: 'the last names are different',
    missing: 'one record has no last name',
  },
  birth_date: {
    exact: 'the birth dates are the same',
    day_month_transposed: 'the birth dates have day and month swapped (a US/European mix-up)',
    one_digit_edit: 'the birth dates differ by one digit (a typo)',
    same_month_day_no_year: 'the same birthday; one record has no birth year',
    same_year_of_year_only: 'the same birth year; one record has only the year',
    year_in_email: 'one record has no birth date, but its email address ends in the other record\'s birth year',
    same_year_month: 'two different birth dates in the same month and year',
    same_year: 'two different birth dates in the same year',
    else: 'the birth dates are different',
    other_year_in_email: 'one record has no birth date, and its email address ends in another year than the other record\'s birth year',
    missing: 'one record has no birth date',
  },
  email: {
    exact: 'the same email address',
    one_edit: 'the email addresses differ by one character (a typo)',
    same_local_part: 'the same name before the @ at different providers',
    local_part_is_name: 'one record\'s email address spells the other record\'s name',
    same_local_letters: 'the part before the @ has the same letters at different providers',
    else: 'different email addresses',
    missing: 'one record has no email address',
  },
  phone: {
    exact: 'the same phone number',
    last_7_digits: 'the phone numbers end in the same seven digits',
    else: 'different phone numbers',
    missing: 'one record has no phone number',
  },
  address: {
    same_house: 'the same street and house number',
    same_postcode: 'the same postcode, different street or house',
    near: 'a nearby address (postcode one character off, or the same street in the same town)',
    same_district_or_city: 'the same district or town',
    else: 'different addresses',
    missing: 'one record has no address',
  },
  identifier: {
    exact: 'the same customer number (or other identifier)',
    one_edit: 'customer numbers one character apart, from different systems (a typo)',
    conflict: 'two different customer numbers of the same kind: a sign of two people',
    missing: 'no identifier to compare',
  },
};

/** The words for one evidence line; a swapped name says so. */
export function meaningOf(attribute: string, level: string): string {
  if (attribute === 'prior') return 'the starting odds that two records picked at random are the same person';
  if (attribute === 'family') return `the records share family details (address, phone, surname) but ${level.split(' differ')[0]} differ: that shared part counts no more than the starting odds`;
  const swapped = level.endsWith(' (swapped)');
  const base = LEVEL_MEANINGS[attribute as Attribute]?.[swapped ? level.slice(0, -' (swapped)'.length) : level] ?? level;
  return swapped ? `${base}, with first and last name swapped in one record` : base;
}
