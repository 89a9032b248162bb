// The attributes the engine compares and the graduated levels of each, best
// first. `missing` is always the last level and always weighs zero.
//
// Postcode, city and street + house number form ONE attribute, `address`:
// moving house changes all three at once, and as three independent attributes
// a move would be counted three times against a true match (and a shared home
// three times for two family members).

export const ATTRIBUTES = ['first_name', 'last_name', 'birth_date', 'email', 'phone', 'address', 'identifier'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export const FIRST_NAME = 0;
export const LAST_NAME = 1;
export const BIRTH_DATE = 2;
export const EMAIL = 3;
export const PHONE = 4;
export const ADDRESS = 5;
export const IDENTIFIER = 6;

/** Name levels as the name comparator returns them (first-name numbering). */
export const NAME = { exact: 0, jw92: 1, jw88: 2, nickname: 3, oneEdit: 4, initial: 5, phonetic: 6, else: 7, missing: 8 } as const;
/** Last names have no nickname level: first-name level → last-name level (a nickname reads as jw_0.88). */
export const LAST_FROM_NAME: readonly number[] = [0, 1, 2, 2, 3, 4, 5, 6, 7];

export const BIRTH = {
  exact: 0,
  transposed: 1,
  oneEdit: 2,
  monthDay: 3,
  yearOnly: 4,
  yearInEmail: 5,
  sameYearMonth: 6,
  sameYear: 7,
  else: 8,
  otherYearInEmail: 9,
  missing: 10,
} as const;
/** Two full, real birth dates that no typo explains: a sign of two people (see family-rule.ts). */
export const BIRTH_DISAGREES: readonly number[] = [BIRTH.sameYearMonth, BIRTH.sameYear, BIRTH.else];
export const EMAIL_LEVEL = { exact: 0, oneEdit: 1, sameLocal: 2, nameInLocal: 3, sameLetters: 4, else: 5, missing: 6 } as const;
export const PHONE_LEVEL = { exact: 0, last7: 1, else: 2, missing: 3 } as const;
export const ADDRESS_LEVEL = {
  sameHouse: 0,
  samePostcode: 1,
  near: 2,
  sameArea: 3,
  else: 4,
  missing: 5,
} as const;
export const IDENTIFIER_LEVEL = { exact: 0, oneEdit: 1, conflict: 2, missing: 3 } as const;

export const LEVELS: Readonly<Record<Attribute, readonly string[]>> = {
  // one_edit catches typos in short names that Jaro-Winkler scores low (Mvry/Mary, Jnhn/John).
  first_name: ['exact', 'jw_0.92', 'jw_0.88', 'nickname', 'one_edit', 'initial', 'phonetic', 'else', 'missing'],
  last_name: ['exact', 'jw_0.92', 'jw_0.88', 'one_edit', 'initial', 'phonetic', 'else', 'missing'],
  // same_month_day_no_year: a side without year; same_year_of_year_only: a side known by its
  // year only (a bare year, or 1 January); same_year_month / same_year: two full dates.
  // year_in_email / other_year_in_email: a side without birth date whose email ends in a year
  // (meganbrown80@, mprice1951@) against the other side's birth year: the address stands in for the
  // missing date, as local_part_is_name stands in for a missing surname.
  birth_date: [
    'exact',
    'day_month_transposed',
    'one_digit_edit',
    'same_month_day_no_year',
    'same_year_of_year_only',
    'year_in_email',
    'same_year_month',
    'same_year',
    'else',
    'other_year_in_email',
    'missing',
  ],
  // local_part_is_name: one record's address spells the other's name (lford99@ for Linda Ford),
  // the only link for marketing records holding an email and a first name.
  // same_local_letters: two different addresses whose local parts hold the same letters (megan.brown@gmx.de,
  // meganbrown80@gmail.com): people keep their handle at a new provider, but namesakes build theirs alike,
  // so its chance agreement is measured among namesakes (estimate-model.ts).
  email: ['exact', 'one_edit', 'same_local_part', 'local_part_is_name', 'same_local_letters', 'else', 'missing'],
  phone: ['exact', 'last_7_digits', 'else', 'missing'],
  // same_house: street + house agree (one typo allowed) and the postcode agrees,
  //   is one edit off, or is missing with the city not contradicting;
  // near: postcode one edit off, or same street name in the same district/city.
  address: ['same_house', 'same_postcode', 'near', 'same_district_or_city', 'else', 'missing'],
  // one_edit: a mistyped customer number, not a second customer.
  identifier: ['exact', 'one_edit', 'conflict', 'missing'],
};
