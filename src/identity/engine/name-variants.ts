// Given-name variants for comparison: the house nickname table
// (matching/nicknames.ts) plus more common English diminutives, and
// tolerance for a typo in a nickname ("Cwuck" → chuck → charles). Only
// evidence next to the raw name, never a replacement. Like the house table,
// names that are as often given names in their own right (Amy, Jon, Kim,
// Max, Harry, Drew) are not folded; comparison catches Jon/Jonathan as a
// short form instead. The extra forms are candidates for the house table,
// kept here so as not to change what the deterministic linker folds.
import { memoised } from './memo';
import { NICKNAMES } from '../matching/nicknames';
import { canonicalFirstName } from '../matching/normalise-name';
import { withinOneEdit } from './string-similarity';

/**
 * canonical → diminutives not in NICKNAMES (a form may serve several
 * canonicals). COMPARE_ONLY forms count as evidence but never fold a name:
 * they are given names in their own right.
 */
const MORE_FORMS: Readonly<Record<string, readonly string[]>> = {
  abraham: ['abe'], alexandra: ['alex', 'sasha', 'lexi'], alexander: ['sasha', 'xander'],
  amelia: ['millie'], angela: ['angie'], ann: ['annie', 'nan'], anna: ['annie'],
  antonia: ['toni'], beatrice: ['bea'], charlotte: ['lottie', 'charlie'], christina: ['tina', 'chrissy'],
  christine: ['chris', 'chrissy', 'tina'], clifford: ['cliff'], constance: ['connie'], cassandra: ['cassie'],
  deborah: ['deb'], dorothy: ['dot', 'dottie', 'dotty'], douglas: ['doug'], eleanor: ['ellie', 'nell'], ernest: ['ernie'],
  eugene: ['gene'], florence: ['flo'], frances: ['fran', 'frankie', 'fanny'], francis: ['frank', 'fran'],
  gabriel: ['gabe'], gabrielle: ['gabby'], geoffrey: ['geoff'], gerald: ['gerry', 'jerry'], harold: ['hal'],
  herbert: ['herb'], isabella: ['bella', 'izzy'], isabel: ['izzy', 'bella'], jacob: ['jake'],
  jacqueline: ['jackie'], jonathan: ['jonny'], josephine: ['josie', 'jo'], joshua: ['josh'],
  judith: ['judy', 'jodi'], leonard: ['len', 'lenny'], madeline: ['maddie'],
  margaret: ['madge', 'gretchen', 'mags', 'marge'], martin: ['marty'], mary: ['molly', 'polly', 'mae'],
  matthew: ['mattie'], melissa: ['missy'], mitchell: ['mitch'], nathan: ['nate'],
  nathaniel: ['nate', 'nat'], nicole: ['nikki', 'niki', 'nicky'], pamela: ['pam'], penelope: ['penny'],
  peter: ['pete'], phillip: ['phil'], philip: ['phil'], randall: ['randy'], raymond: ['ray'],
  reginald: ['reggie'], rebecca: ['becca'], russell: ['russ'], sandra: ['sandy'], sarah: ['sally', 'sadie'],
  stanley: ['stan'], stephanie: ['steph'], stuart: ['stu'], susan: ['suzy', 'suzie'], tamara: ['tammy'],
  teresa: ['tess', 'tessa', 'terri'], theodore: ['theo', 'ted'], valerie: ['val'], victor: ['vic'],
  virginia: ['ginny', 'ginger'], walter: ['walt', 'wally'], wesley: ['wes'], zachary: ['zach', 'zack'],
  michelle: ['shelly', 'shelley'], jose: ['pepe'], johannes: ['hannes'], friedrich: ['fritz'], heinrich: ['heinz'],
  malgorzata: ['gosia'], louis: ['lou'], gertrude: ['trudy'], barbara: ['barb', 'babs'],
};
const COMPARE_ONLY: Readonly<Record<string, readonly string[]>> = {
  jonathan: ['jon'], kimberly: ['kim'], maximilian: ['max'], andrew: ['drew'], albert: ['al', 'bert'],
  herbert: ['bert'], leonard: ['leo'], henry: ['harry'], harold: ['harry'], alan: ['al'], amelia: ['amy'],
};

/** canonical → every form (itself included) */
const FORMS = new Map<string, Set<string>>();
/** form → the canonical it folds to (the house table wins; otherwise the first listed) */
const CANONICAL_OF = new Map<string, string>();

function addForm(canonical: string, form: string): void {
  const set = FORMS.get(canonical) ?? new Set([canonical]);
  set.add(form);
  FORMS.set(canonical, set);
  if (!CANONICAL_OF.has(form) && form !== canonical) CANONICAL_OF.set(form, canonical);
}
for (const [form, canonical] of Object.entries(NICKNAMES)) addForm(canonical, form);
for (const [canonical, forms] of Object.entries(MORE_FORMS)) for (const form of forms) addForm(canonical, form);
/** Everything a guess may land on: every foldable form and every canonical name. */
const GUESS_LIST = [...CANONICAL_OF.keys(), ...FORMS.keys()];
for (const [canonical, forms] of Object.entries(COMPARE_ONLY)) {
  const set = FORMS.get(canonical) ?? new Set([canonical]);
  for (const form of forms) set.add(form);
  FORMS.set(canonical, set);
}
const COMPARE_ONLY_FORMS = new Set(Object.values(COMPARE_ONLY).flat());

const isKnownName = (word: string) => CANONICAL_OF.has(word) || FORMS.has(word) || COMPARE_ONLY_FORMS.has(word);

/** Names shorter than this are one edit from too many others (Jan/Jen, Don/Dan) to guess alone. */
const MIN_GUESS_LENGTH = 5;

/**
 * A first name folded as far as it safely goes: house nicknames, the forms
 * above, or — when the first word is no known name but one edit from forms
 * of exactly one name — that name ("cwuck" → charles, "teodore" → theodore).
 */
function looseCanonicalOf(normalised: string): string {
  const words = canonicalFirstName(normalised).split(' ');
  const word = words[0] ?? '';
  const known = CANONICAL_OF.get(word);
  if (FORMS.has(word)) return words.join(' ');
  if (known) words[0] = known;
  else if (word.length >= MIN_GUESS_LENGTH && !isKnownName(word)) {
    const guesses = new Set(GUESS_LIST.filter((f) => withinOneEdit(word, f)).map((f) => CANONICAL_OF.get(f) ?? f));
    if (guesses.size === 1) words[0] = [...guesses][0]!;
  }
  return words.join(' ');
}

/** looseCanonicalOf, remembered per name (see memo.ts). */
export const looseCanonicalFirstName = memoised(looseCanonicalOf);

/** `name` is a form of `canonical`, or no known name but one edit from one (Mpke / Michael via mike). */
export function isVariantOf(name: string, canonical: string): boolean {
  const forms = FORMS.get(canonical);
  if (!forms || name.length < 2) return false;
  if (forms.has(name)) return true;
  if (isKnownName(name)) return false;
  for (const f of forms) if (withinOneEdit(name, f)) return true;
  return false;
}

/** `initial` is the first letter of a form of `canonical` (B for Bob, Robert). */
export function isVariantInitial(initial: string, canonical: string): boolean {
  if (initial.length !== 1) return false;
  const forms = FORMS.get(canonical);
  if (!forms) return false;
  for (const f of forms) if (f[0] === initial) return true;
  return false;
}

/** Every form of the name's canonical (for email local parts written with a nickname). */
export function formsOf(canonical: string): readonly string[] {
  const forms = FORMS.get(canonical);
  return forms ? [...forms] : [canonical];
}

/** Two given names we know, of different people (Tim / Jim): one edit apart is no typo. */
export function distinctKnownNames(a: string, b: string): boolean {
  if (!isKnownName(a) || !isKnownName(b)) return false;
  return (CANONICAL_OF.get(a) ?? a) !== (CANONICAL_OF.get(b) ?? b);
}
