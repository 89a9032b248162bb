// Name and street tables for the identity test population. The head of each
// distribution reuses the demo tables (src/demo/tables); this file adds more
// real names and a long synthetic tail so that, as in real customer bases,
// a few names are very common (Smith ~1.2% of people) and most are rare.
import type { Rng } from '../../../src/demo/prng';
import { Weighted } from '../../../src/demo/prng';
import { FIRST_NAMES, SURNAMES } from '../../../src/demo/tables/names';
import type { Country } from '../../../src/demo/tables/places';

export interface GivenName {
  name: string;
  nicknames: readonly string[];
}

const given = (name: string, weight: number, ...nicknames: string[]): [GivenName, number] => [{ name, nicknames }, weight];

// Weights on the scale of the demo table (James = 32).
const EXTRA_FIRST_NAMES: [GivenName, number][] = [
  given('Timothy', 8, 'Tim'), given('Gregory', 6, 'Greg'), given('Kenneth', 7, 'Ken', 'Kenny'),
  given('Ronald', 7, 'Ron', 'Ronnie'), given('Donald', 6, 'Don', 'Donnie'), given('Gerald', 4, 'Gerry'),
  given('Lawrence', 4, 'Larry'), given('Raymond', 5, 'Ray'), given('Frederick', 3, 'Fred', 'Freddie'),
  given('Harold', 4, 'Hal'), given('Henry', 6, 'Hank'), given('Albert', 3, 'Al', 'Bert'),
  given('Leonard', 3, 'Len', 'Lenny'), given('Douglas', 4, 'Doug'), given('Jeffrey', 7, 'Jeff'),
  given('Gary', 6), given('Eric', 7), given('Scott', 6), given('Jason', 8), given('Ryan', 8),
  given('Jacob', 7, 'Jake'), given('Joshua', 7, 'Josh'), given('Nathan', 5, 'Nate'), given('Zachary', 4, 'Zach'),
  given('Dennis', 4), given('Walter', 4, 'Walt'), given('Frank', 5), given('Philip', 4, 'Phil'),
  given('Stephen', 6, 'Steve'), given('Vincent', 3, 'Vince'), given('Louis', 3, 'Lou'), given('Eugene', 2, 'Gene'),
  given('Russell', 2, 'Russ'), given('Theodore', 3, 'Ted', 'Theo'), given('Samantha', 5, 'Sam'),
  given('Christine', 6, 'Chris'), given('Dorothy', 4, 'Dot'), given('Nancy', 6), given('Sandra', 7, 'Sandy'),
  given('Ashley', 7), given('Kimberly', 6, 'Kim'), given('Donna', 5), given('Michelle', 7, 'Shelly'),
  given('Carol', 5), given('Amanda', 7, 'Mandy'), given('Melissa', 6, 'Missy'), given('Stephanie', 6, 'Steph'),
  given('Cynthia', 4, 'Cindy'), given('Angela', 6, 'Angie'), given('Helen', 5), given('Pamela', 4, 'Pam'),
  given('Nicole', 6, 'Nikki'), given('Christina', 4, 'Tina'), given('Teresa', 4, 'Tess'), given('Judith', 3, 'Judy'),
  given('Abigail', 4, 'Abby'), given('Frances', 2, 'Fran'), given('Josephine', 2, 'Josie'),
  given('Virginia', 2, 'Ginny'), given('Jacqueline', 3, 'Jackie'), given('Charlotte', 5, 'Lottie'),
  given('Isabella', 4, 'Bella', 'Izzy'), given('Amelia', 4, 'Millie'), given('Megan', 5, 'Meg'),
  given('Hannah', 6), given('Grace', 5), given('Natalie', 5), given('Lucy', 5), given('Rachel', 6),
  given('Julia', 5), given('Lauren', 5), given('Sophia', 5), given('Mia', 4), given('Ella', 4),
  given('Klaus', 3), given('Stefan', 4), given('Andreas', 4), given('Wolfgang', 2), given('Petra', 3),
  given('Sabine', 3), given('Monika', 3), given('Katrin', 3), given('Johannes', 2, 'Hannes'),
  given('Maximilian', 3, 'Max'), given('Friedrich', 2, 'Fritz'), given('Heinrich', 1, 'Heinz'),
  given('Mohammed', 5), given('Ahmed', 3), given('Fatima', 3), given('Omar', 3), given('Yusuf', 2),
  given('Arjun', 2), given('Raj', 2), given('Ming', 2), given('Hiroshi', 1), given('Yuki', 2), given('Olga', 2),
  given('Ivan', 2), given('Dmitri', 1), given('Carlos', 5), given('Juan', 5), given('Luis', 4), given('Carmen', 3),
  given('Lucía', 3), given('Sofía', 3), given('Giulia', 2), given('Marco', 3), given('Luca', 3),
  given('Małgorzata', 1, 'Gosia'), given('Ingrid', 1), given('Niamh', 1), given('Oisín', 1),
];

/** Real first names: the demo table plus the extra ones, weighted. */
export const HEAD_FIRST_NAMES: readonly (readonly [GivenName, number])[] = [
  ...FIRST_NAMES.map((f): [GivenName, number] => [{ name: f.name, nicknames: f.nicknames }, f.weight]),
  ...EXTRA_FIRST_NAMES,
];

// More real surnames, roughly by frequency, ranked after the demo's common ones.
const EXTRA_SURNAMES = [
  'Scott', 'Adams', 'Baker', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Carter', 'Phillips', 'Turner',
  'Parker', 'Collins', 'Stewart', 'Morris', 'Rogers', 'Reed', 'Cook', 'Morgan', 'Bell', 'Cooper',
  'Richardson', 'Cox', 'Howard', 'Ward', 'Torres', 'Peterson', 'Gray', 'Ramirez', 'James', 'Watson',
  'Brooks', 'Sanders', 'Price', 'Bennett', 'Barnes', 'Ross', 'Henderson', 'Coleman', 'Jenkins', 'Perry',
  'Powell', 'Long', 'Patterson', 'Flores', 'Washington', 'Butler', 'Simmons', 'Foster', 'Bryant', 'Alexander',
  'Russell', 'Griffin', 'Diaz', 'Hayes', 'Myers', 'Ford', 'Hamilton', 'Graham', 'Sullivan', 'Wallace',
  'Woods', 'Cole', 'West', 'Jordan', 'Owens', 'Reynolds', 'Fisher', 'Ellis', 'Harrison', 'Gibson',
  'McDonald', 'Cruz', 'Marshall', 'Ortiz', 'Gomez', 'Murray', 'Freeman', 'Wells', 'Webb', 'Simpson',
  'Stevens', 'Tucker', 'Porter', 'Hunter', 'Hicks', 'Crawford', 'Henry', 'Boyd', 'Mason', 'Morales',
  'Kennedy', 'Warren', 'Dixon', 'Ramos', 'Reyes', 'Burns', 'Gordon', 'Shaw', 'Holmes', 'Rice',
  'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Braun', 'Hofmann', 'Hartmann',
  'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber',
  'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert',
  'Byrne', 'Ryan', "O'Connor", "O'Neill", 'Doyle', 'McLaughlin', 'Quinn', 'Gallagher', 'Kavanagh', 'Brennan',
  'Ali', 'Ahmed', 'Hussain', 'Shah', 'Sharma', 'Gupta', 'Kumar', 'Das', 'Wang', 'Li',
  'Zhang', 'Liu', 'Yang', 'Huang', 'Tanaka', 'Suzuki', 'Sato', 'Park', 'Choi', 'Tran',
  'Silva', 'Santos', 'Ferreira', 'Costa', 'Oliveira', 'Romano', 'Ricci', 'Bianchi', 'Moreau', 'Laurent',
  'Lefebvre', 'Fontaine', 'Janssen', 'de Vries', 'van Dijk', 'Bakker', 'Andersson', 'Johansson', 'Larsen', 'Nielsen',
  'Lewandowski', 'Wójcik', 'Kamiński', 'Novák', 'Horváth', 'Popescu', 'Ivanov', 'Petrov', 'Papadopoulos', 'Yılmaz',
];
// Genuinely rare, placed deep in the tail.
const RARE_SURNAMES = ['Featherstonehaugh', 'Przybylski', 'Abernathy-Quist', 'Vanderslice', 'Wiśniewski', 'Zbigniewska'];

const DEMO_COMMON = SURNAMES.filter(([, weight]) => weight > 2).map(([name]) => name);
const DEMO_RARE = new Set(SURNAMES.filter(([, weight]) => weight <= 2).map(([name]) => name));
const seen = new Set<string>();
/** Real surnames by frequency rank: the demo's common ones first, then the extra ones. */
export const HEAD_SURNAMES: readonly string[] = [...DEMO_COMMON, ...EXTRA_SURNAMES].filter((name) => {
  if (seen.has(name) || DEMO_RARE.has(name)) return false;
  seen.add(name);
  return true;
});
const RARE_RANKS = new Map(RARE_SURNAMES.map((name, i) => [8000 + i * 6007, name] as const));

// Synthetic surnames: onset + middle + ending, e.g. Ashwell, Brandersen, Korvaski.
const SUR_A = [
  'Ab', 'Ash', 'Bal', 'Bar', 'Bel', 'Bran', 'Brock', 'Cal', 'Car', 'Cor', 'Dal', 'Dun', 'El', 'Fair', 'Fen', 'Gar',
  'Gold', 'Hal', 'Hart', 'Hol', 'Kel', 'Kor', 'Lang', 'Lind', 'Mar', 'Mel', 'Mor', 'Nor', 'Pem', 'Pres', 'Rad',
  'Ral', 'Ros', 'Sel', 'Stan', 'Stor', 'Tal', 'Thorn', 'Trel', 'Vas', 'Wal', 'Wex', 'Wind', 'Yar', 'Zel', 'Ber',
  'Dor', 'Gil', 'Hem', 'Kin', 'Lor', 'Mad', 'Ned', 'Ost', 'Pal', 'Quen', 'Ren', 'Sar', 'Tor', 'Ul', 'Ver', 'Wen',
  'Ack', 'Bram', 'Crom', 'Drum', 'Ed', 'Falk', 'Grim', 'Hag', 'Ing', 'Jar', 'Kess', 'Lom', 'Mun', 'Nash', 'Orm',
  'Pax', 'Rook', 'Sten',
];
const SUR_B = ['', 'er', 'an', 'el', 'ing', 'o', 'ow', 'ers', 'in', 'en', 'ar', 'is'];
const SUR_C = [
  'ton', 'ley', 'field', 'wood', 'berg', 'ski', 'son', 'sen', 'man', 'mann', 'well', 'worth', 'ford', 'by',
  'ham', 'ridge', 'stein', 'ez', 'ini', 'elli', 'ard', 'ett', 'ock', 'ick', 'dale', 'more', 'bury', 'hurst',
  'ova', 'ovic', 'escu', 'aki', 'ian', 'oglu', 'ens', 'ke', 'ner', 'stone', 'brook', 'combe', 'shaw', 'thwaite',
  'holm', 'strom', 'gaard', 'dottir', 'eau', 'ot', 'ier', 'ow',
];
const SUR_CAPACITY = SUR_A.length * SUR_B.length * SUR_C.length;

function syntheticSurname(index: number): string {
  const i = (index * 7919) % SUR_CAPACITY; // 7919 is prime and divides no capacity: a bijection
  const a = SUR_A[i % SUR_A.length];
  const b = SUR_B[Math.floor(i / SUR_A.length) % SUR_B.length];
  const c = SUR_C[Math.floor(i / (SUR_A.length * SUR_B.length))];
  return a + b + c;
}

const FIRST_A = ['Ma', 'Lo', 'Ka', 'Te', 'Ri', 'Da', 'Ne', 'Sa', 'Jo', 'Ara', 'Eli', 'Zo', 'Ta', 'Mi', 'Ro', 'Ca', 'Le', 'Vi', 'Ba', 'Fe', 'Ha', 'Ni', 'Ya', 'Or'];
const FIRST_B = ['ren', 'lin', 'vel', 'ris', 'dan', 'mar', 'nel', 'sha', 'ton', 'rin', 'bel', 'lia', 'don', 'ric', 'mon', 'tha', 'ven', 'zia'];
const FIRST_C = ['', 'a', 'e', 'o', 'ie', 'an', 'ah', 'el'];
const FIRST_CAPACITY = FIRST_A.length * FIRST_B.length * FIRST_C.length;

function syntheticFirstName(index: number): string {
  const i = (index * 7919) % FIRST_CAPACITY;
  const middle = FIRST_B[Math.floor(i / FIRST_A.length) % FIRST_B.length];
  // A vowel ending takes no further ending (Marelia, not Mareliaie).
  const end = /[aeiou]$/.test(middle) ? '' : FIRST_C[Math.floor(i / (FIRST_A.length * FIRST_B.length))];
  return FIRST_A[i % FIRST_A.length] + middle + end;
}

/**
 * Zipf-like rank in [0, size): P(rank r) ∝ 1 / (r + offset), drawn by inverting the continuous
 * cumulative distribution, so no table of `size` entries is needed.
 */
export function zipfRank(rng: Rng, size: number, offset: number): number {
  const r = Math.floor(offset * Math.pow((size + offset) / offset, rng()) - offset);
  return Math.min(size - 1, Math.max(0, r));
}

/** Share of the surname distribution by rank: Smith ~1.2%, top 10 ~8%, top 300 ~37%, the rest a tail of ~48k. */
export const SURNAME_RANKS = HEAD_SURNAMES.length + SUR_CAPACITY;
const SURNAME_OFFSET = 8;

export function surnameAt(rank: number): string {
  if (rank < HEAD_SURNAMES.length) return HEAD_SURNAMES[rank];
  return RARE_RANKS.get(rank) ?? syntheticSurname(rank - HEAD_SURNAMES.length);
}

export function pickSurname(rng: Rng): { name: string; rank: number } {
  const rank = zipfRank(rng, SURNAME_RANKS, SURNAME_OFFSET);
  return { name: surnameAt(rank), rank };
}

/** Real first names cover 90% of people; the rest have rarer names from a Zipf tail. */
const TAIL_FIRST_SHARE = 0.1;
const headFirstNames = new Weighted(HEAD_FIRST_NAMES);
const NO_NICKNAMES: readonly string[] = [];

export function pickFirstName(rng: Rng): { given: GivenName; common: boolean } {
  if (rng() >= TAIL_FIRST_SHARE) return { given: headFirstNames.pick(rng), common: true };
  return { given: { name: syntheticFirstName(zipfRank(rng, FIRST_CAPACITY, 20)), nicknames: NO_NICKNAMES }, common: false };
}

/** Probability mass of first names that have a nickname (for hitting a per-record nickname rate). */
export const NICKNAME_MASS = (() => {
  let total = 0;
  let withNick = 0;
  for (const [name, weight] of HEAD_FIRST_NAMES) {
    total += weight;
    if (name.nicknames.length > 0) withNick += weight;
  }
  return (withNick / total) * (1 - TAIL_FIRST_SHARE);
})();

/** Streets for households; many more than the demo's so unrelated households rarely share an address. */
export const STREETS: Record<Country, readonly string[]> = {
  US: [
    'Oak', 'Maple', 'Main', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset', 'Valencia',
    'Lincoln', 'Jefferson', 'Madison', 'Franklin', 'Highland', 'Church', 'Walnut', 'Chestnut', 'Spruce', 'Willow',
    'Meadow', 'Ridge', 'River', 'Spring', 'Forest', 'Adams', 'Jackson', 'Center', 'Mill', 'Union', 'Prospect',
    'Broadway', 'Market', 'Mission', 'Dogwood', 'Hickory', 'Magnolia', 'Sycamore', 'Birch', 'Poplar',
  ],
  GB: [
    'High', 'Station', 'Church', 'Victoria', 'Mill', 'Park', 'Queens', 'Albert', 'Green', 'Kings', 'Manor',
    'London', 'York', 'Windsor', 'Grange', 'Orchard', 'Chapel', 'Springfield', 'Highfield', 'Richmond', 'Stanley',
    'Alexandra', 'Grove', 'Cambridge', 'Oxford', 'Nelson', 'Beech', 'Ashley', 'Brook', 'Clarence',
  ],
  DE: [
    'Haupt', 'Bahnhof', 'Garten', 'Schiller', 'Goethe', 'Linden', 'Berg', 'Kirch', 'Schul', 'Wald', 'Dorf',
    'Ring', 'Mühlen', 'Birken', 'Eichen', 'Feld', 'Wiesen', 'Rosen', 'Friedhof', 'Blumen', 'Tannen', 'Sonnen',
    'Mozart', 'Beethoven', 'Kant', 'Herder', 'Uhland', 'Lessing', 'Heine', 'Park',
  ],
};
