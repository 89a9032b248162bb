// A reference recall, not a bound: an oracle that knows the truth links two records of one person only
// through an exact normalised value (or combination of values) that no record of any other person holds.
// Families are added in order and the recall printed after each, so the gain of each shows.
//
// It is generous where it knows which combinations are unique (a resolver can only estimate that from how
// common the values are), and strict elsewhere: exact keys only (nickname-folded and NYSIIS names, e-mail
// keys, E.164; no fuzzy comparison), no evidence combined across families, and a key any two people share is
// dropped outright. The resolver can and does beat it (0.9448 against 0.9418 at 215,000); read the gap as
// what shared or fuzzy evidence must add, not as a limit.
//   node --max-old-space-size=6000 dist/bench/identity/unique-evidence-recall.js [records=215000] [hard|easy] [seed=1]
import { toMatchRecord, type MatchRecord } from '../../src/identity/engine/match-record';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { UnionFind } from '../../src/identity/resolution/components';
import { generatePopulation, type Difficulty } from './population/generate';
import { pairwiseMetrics } from './population/truth';

type KeysOf = (r: MatchRecord, add: (key: string) => void) => void;

/** (first, last) forms of a record's name: folded with folded, phonetic with phonetic, and read swapped. */
function namePairs(r: MatchRecord): [string, string][] {
  const candidates: [string | null | undefined, string | null | undefined][] = [
    [r.firstLoose, r.lastName],
    [r.firstPhonetic, r.lastPhonetic],
    [r.lastCanonical, r.firstName],
  ];
  return candidates.filter((pair): pair is [string, string] => Boolean(pair[0] && pair[1]));
}

/** A full birth date and, where day and month could be swapped, the swapped one too. */
function birthKeys(r: MatchRecord): string[] {
  if (!r.birthKey || !r.birth) return [];
  const { year, month, day } = r.birth;
  const out = [r.birthKey];
  if (day <= 12 && day !== month) out.push(`${year}-${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}`);
  return out;
}

const addressOf = (r: MatchRecord) => (r.street ? `${r.street}#${r.houseNumber ?? ''}` : '');
const firstsOf = (r: MatchRecord) => [...new Set([r.firstLoose, r.firstPhonetic].filter(Boolean) as string[])];

const FAMILIES: [string, KeysOf][] = [
  ['identifier', (r, add) => r.identifiers.forEach(add)],
  ['email', (r, add) => r.emails.forEach(add)],
  ['phone', (r, add) => r.phones.forEach(add)],
  ['name+birth date', (r, add) => { for (const [f, l] of namePairs(r)) for (const d of birthKeys(r)) add(`${f}|${l}|${d}`); }],
  ['name+address', (r, add) => { const a = addressOf(r); if (a) for (const [f, l] of namePairs(r)) add(`${f}|${l}|${a}`); }],
  ['name+postcode', (r, add) => { if (r.postcode) for (const [f, l] of namePairs(r)) add(`${f}|${l}|${r.postcode}`); }],
  ['name+city', (r, add) => { if (r.city) for (const [f, l] of namePairs(r)) add(`${f}|${l}|${r.city}`); }],
  ['name+birth year', (r, add) => { if (r.birth?.year) for (const [f, l] of namePairs(r)) add(`${f}|${l}|${r.birth.year}`); }],
  ['name+email letters', (r, add) => { for (const [f, l] of namePairs(r)) for (const e of r.emailLetters) add(`${f}|${l}|${e}`); }],
  ['first name+email letters', (r, add) => { for (const f of firstsOf(r)) for (const e of r.emailLetters) add(`${f}|${e}`); }],
  ['first name+birth date', (r, add) => { for (const f of firstsOf(r)) for (const d of birthKeys(r)) add(`${f}|${d}`); }],
  ['last name+birth date', (r, add) => { for (const l of [r.lastName, r.lastPhonetic]) if (l) for (const d of birthKeys(r)) add(`${l}|${d}`); }],
  ['address+birth date', (r, add) => { const a = addressOf(r); if (a) for (const d of birthKeys(r)) add(`${a}|${d}`); }],
  ['first name+address', (r, add) => { const a = addressOf(r); if (a) for (const f of firstsOf(r)) add(`${f}|${a}`); }],
  ['name', (r, add) => { for (const [f, l] of namePairs(r)) add(`${f}|${l}`); }],
];

function main(): void {
  const size = Number(process.argv[2] ?? 215_000);
  const difficulty = (process.argv[3] ?? 'hard') as Difficulty;
  const seed = Number(process.argv[4] ?? 1);
  const personIds = new Map<string, number>();
  const personOf: number[] = [];
  const records: MatchRecord[] = [];
  const truth = new Map<string, string>();
  for (const r of generatePopulation({ records: size, seed, difficulty })) {
    let p = personIds.get(r.truth);
    if (p === undefined) personIds.set(r.truth, (p = personIds.size));
    personOf.push(p);
    const id = String(records.length + 1);
    truth.set(id, r.truth);
    records.push(toMatchRecord(id, r.source, r.person, { defaultRegion: 'US', junk: DEFAULT_IDENTITY_CONFIG.junk }));
  }
  const n = records.length;
  const truePairs = pairwiseMetrics(new Map(), truth).truePairs;
  console.log(`${n} records (${difficulty}, seed ${seed}), ${personIds.size} people, ${truePairs} true pairs`);
  console.log('family added                 recall   F1 at precision 1   shared keys refused');

  const uf = new UnionFind(n);
  for (const [name, keysOf] of FAMILIES) {
    // key → the first record holding it, or −1 once a second person holds it
    const holder = new Map<string, number>();
    let refused = 0;
    for (let i = 0; i < n; i++) {
      keysOf(records[i]!, (key) => {
        const h = holder.get(key);
        if (h === undefined) holder.set(key, i);
        else if (h >= 0 && personOf[h] !== personOf[i]) {
          holder.set(key, -1);
          refused++;
        }
      });
    }
    for (let i = 0; i < n; i++) {
      keysOf(records[i]!, (key) => {
        const h = holder.get(key)!;
        if (h >= 0) uf.union(h, i);
      });
    }
    const predicted = new Map<string, string>();
    for (let i = 0; i < n; i++) predicted.set(records[i]!.id, String(uf.find(i)));
    const { recall, precision, f1 } = pairwiseMetrics(predicted, truth);
    if (precision !== 1) throw new Error(`the oracle linked two people (precision ${precision}) after ${name}`);
    console.log(`${name.padEnd(28)} ${recall.toFixed(4)}   ${f1.toFixed(4)}              ${refused}`);
  }
}

main();
