// Name tables. Weights are rough relative frequencies, not census data.

export interface FirstName {
  name: string;
  weight: number;
  /** Names the person may go by instead (Bob for Robert). */
  nicknames: string[];
}

const first = (name: string, weight: number, ...nicknames: string[]): FirstName => ({ name, weight, nicknames });

export const FIRST_NAMES: readonly FirstName[] = [
  first('James', 32, 'Jim', 'Jimmy'),
  first('Robert', 30, 'Bob', 'Rob', 'Bobby'),
  first('John', 30, 'Jack', 'Johnny'),
  first('Michael', 30, 'Mike'),
  first('William', 25, 'Bill', 'Will'),
  first('David', 25, 'Dave'),
  first('Richard', 15, 'Rick', 'Dick'),
  first('Joseph', 15, 'Joe'),
  first('Thomas', 20, 'Tom', 'Tommy'),
  first('Christopher', 18, 'Chris'),
  first('Charles', 12, 'Charlie', 'Chuck'),
  first('Daniel', 18, 'Dan', 'Danny'),
  first('Matthew', 15, 'Matt'),
  first('Anthony', 10, 'Tony'),
  first('Steven', 10, 'Steve'),
  first('Andrew', 12, 'Andy', 'Drew'),
  first('Edward', 8, 'Ed', 'Ted', 'Eddie'),
  first('Benjamin', 10, 'Ben'),
  first('Samuel', 7, 'Sam'),
  first('Alexander', 9, 'Alex'),
  first('Nicholas', 7, 'Nick'),
  first('Jonathan', 7, 'Jon'),
  first('Patrick', 6, 'Pat'),
  first('Peter', 8, 'Pete'),
  first('Kevin', 8),
  first('Brian', 8),
  first('Mark', 9),
  first('Paul', 9),
  first('Mary', 25),
  first('Patricia', 12, 'Pat', 'Patty'),
  first('Jennifer', 20, 'Jenny', 'Jen'),
  first('Linda', 12),
  first('Elizabeth', 20, 'Liz', 'Beth', 'Lizzie'),
  first('Barbara', 8, 'Barb'),
  first('Susan', 10, 'Sue'),
  first('Jessica', 14, 'Jess'),
  first('Sarah', 16),
  first('Karen', 9),
  first('Katherine', 14, 'Kate', 'Katie', 'Kathy'),
  first('Margaret', 8, 'Maggie', 'Peggy'),
  first('Deborah', 6, 'Debbie', 'Deb'),
  first('Rebecca', 8, 'Becky'),
  first('Victoria', 6, 'Vicky'),
  first('Alexandra', 5, 'Alex', 'Sasha'),
  first('Emily', 14),
  first('Emma', 14),
  first('Olivia', 10),
  first('Sophie', 8),
  first('Laura', 10),
  first('Anna', 10),
  first('Maria', 12),
  first('José', 6, 'Pepe'),
  first('Łukasz', 3),
  first('François', 2),
  first('Jürgen', 3),
  first('Zoë', 3),
  first('Søren', 1),
  first('Anaïs', 1),
  first('Björn', 2),
  first('Siobhán', 2),
  first('Chloé', 2),
  first('Priya', 4),
  first('Wei', 3),
  first('Aisha', 3),
];

// Ordered by frequency; weight is Zipf-like (1 / rank), rare names pinned low.
const SURNAME_ORDER = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Müller', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson',
  'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schröder',
  'Evans', 'Roberts', 'Walsh', "O'Brien", 'Murphy', 'Kelly', 'Hughes', 'Edwards', 'Green', 'Hall',
  'Wood', 'Patel', 'Nguyen', 'Kim', 'Chen', 'Singh', 'Khan', 'Hernández', 'López', 'González',
  'Pérez', 'Sánchez', 'Núñez', 'Kowalski', 'Nowak', 'Jensen', 'Dubois', 'Rossi', 'MacDonald', 'McCarthy',
  'Fitzgerald', "D'Angelo", 'Zimmermann', 'Krüger', 'Okafor',
];
const RARE_SURNAMES = ['Featherstonehaugh', 'Przybylski', 'Abernathy-Quist', 'Vanderslice', 'Wiśniewski'];

export const SURNAMES: readonly (readonly [string, number])[] = [
  ...SURNAME_ORDER.map((name, rank) => [name, 1000 / (rank + 1)] as const),
  ...RARE_SURNAMES.map((name) => [name, 1.5] as const),
];

/** Every nickname → formal name pair, for tests and for checking mess. */
export function nicknamePairs(): [string, string][] {
  return FIRST_NAMES.flatMap((f) => f.nicknames.map((nick): [string, string] => [nick, f.name]));
}
