// How far pairwise recall can go on a generated population, whatever the model: an oracle that knows the
// truth links two records of one person only through a value (or combination of values) that no record of
// any other person holds. A record whose every such combination is shared with another person (a namesake
// with the same name and birth year, a household's address) cannot be told apart by its own evidence; it
// stays apart. Families are added in order and the recall printed after each, so the gain of each shows.
//
// The oracle is generous: it knows which combinations are unique, which a resolver can only estimate from
// how common the values are. It is strict in one way: it compares normalised forms (nickname-folded and
// NYSIIS names, e-mail keys, E.164), not fuzzy ones, so a typo its phonetic forms do not absorb stays apart.
//   node --max-old-space-size=6000 dist/bench/identity/evidence-ceiling.js [records=215000] [hard|easy] [seed=1]
import { toMatchRecord, type MatchRecord } from '../../src/identity/engine/match-record';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { generatePopulation, type Difficulty } from './population/generate';

type KeysOf = (r: MatchRecord, add: (key: string) => void) => void;

/** (first, last) forms of a record's name: folded and phonetic, and read swapped. */
function namePairs(r: MatchRecord): [string, string][] {
  const out: [string, string][] = [];
  const firsts = [r.firstLoose, r.firstPhonetic].filter(Boolean) as string[];
  const lasts = [r.lastName, r.lastPhonetic].filter(Boolean) as string[];
  for (let i = 0; i < Math.min(firsts.length, lasts.length); i++) out.push([firsts[i]!, lasts[i]!]);
  if (r.lastCanonical && r.firstName) out.push([r.lastCanonical, r.firstName]);
  return out;
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

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n).map((_, i) => i);
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) x = p[x] = p[p[x]!]!;
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Pairs inside the oracle's clusters (never across people, by construction). */
function linkedPairs(uf: UnionFind, n: number): number {
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    sizes.set(root, (sizes.get(root) ?? 0) + 1);
  }
  let pairs = 0;
  for (const s of sizes.values()) pairs += (s * (s - 1)) / 2;
  return pairs;
}

function main(): void {
  const size = Number(process.argv[2] ?? 215_000);
  const difficulty = (process.argv[3] ?? 'hard') as Difficulty;
  const seed = Number(process.argv[4] ?? 1);
  const personIds = new Map<string, number>();
  const personOf: number[] = [];
  const records: MatchRecord[] = [];
  for (const r of generatePopulation({ records: size, seed, difficulty })) {
    let p = personIds.get(r.truth);
    if (p === undefined) personIds.set(r.truth, (p = personIds.size));
    personOf.push(p);
    records.push(toMatchRecord(String(records.length + 1), r.source, r.person, { defaultRegion: 'US', junk: DEFAULT_IDENTITY_CONFIG.junk }));
  }
  const n = records.length;
  const perPerson = new Map<number, number>();
  for (const p of personOf) perPerson.set(p, (perPerson.get(p) ?? 0) + 1);
  let truePairs = 0;
  for (const s of perPerson.values()) truePairs += (s * (s - 1)) / 2;
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
    const recall = linkedPairs(uf, n) / truePairs;
    const f1 = (2 * recall) / (1 + recall);
    console.log(`${name.padEnd(28)} ${recall.toFixed(4)}   ${f1.toFixed(4)}              ${refused}`);
  }
}

main();
