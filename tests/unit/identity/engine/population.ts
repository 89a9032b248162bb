// A small seeded population with known truth for engine tests: households
// sharing surname, address and landline, twins, and per-record corruption
// (nicknames, typos, swapped names, transposed dates, moves, new emails,
// missing fields). The real generator lives in bench/; this one only has to
// exercise every path, deterministically, in milliseconds.
import type { MatchRecord } from '../../../../src/identity/engine/match-record';
import { seededRandom } from '../../../../src/identity/engine/random';
import { rec, type PersonInput } from './fixtures';

const FIRST: [string, string[]][] = [
  ['Robert', ['Bob', 'Rob']], ['William', ['Bill', 'Will']], ['Elizabeth', ['Liz', 'Beth']], ['Katherine', ['Kate']],
  ['Michael', ['Mike']], ['James', ['Jim']], ['Jennifer', ['Jen']], ['Thomas', ['Tom']], ['Margaret', ['Peggy']],
  ['Olivia', []], ['Emma', []], ['Noah', []], ['Amelia', []], ['Oscar', []], ['Isla', []], ['Harvey', []],
];
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Walker', 'Wright', 'Zbigniewska', 'Okonkwo', 'Fairweather', 'Quist'];
const STREETS = ['High Street', 'Mill Lane', 'Church Road', 'Park Avenue', 'Station Road', 'Green Lane'];

export interface Population {
  records: MatchRecord[];
  truth: number[];
}

function typo(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

interface Person {
  id: number;
  first: [string, string[]];
  last: string;
  birth: [number, number, number];
  email: string;
  mobile: string;
  home: PersonInput['address'];
  landline: string;
}

function household(id: number, random: () => number): Person[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const last = pick(LAST) + (random() < 0.5 ? '' : pick(['son', 'ley', 'ford', 'wick']));
  const home = { line1: `${1 + Math.floor(random() * 200)} ${pick(STREETS)}`, city: 'Leeds', postcode: `LS${1 + Math.floor(random() * 20)} ${Math.floor(random() * 9)}AB` };
  const landline = `0113 496 ${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
  const size = 1 + Math.floor(random() * 3);
  const twins = size >= 2 && random() < 0.3;
  const used = new Set<string>();
  return Array.from({ length: size }, (_, k) => {
    let first = pick(FIRST);
    while (used.has(first[0])) first = pick(FIRST);
    used.add(first[0]);
    const birth: [number, number, number] = [1950 + Math.floor(random() * 50), 1 + Math.floor(random() * 12), 2 + Math.floor(random() * 26)];
    const pid = id * 10 + k;
    return {
      id: pid,
      first,
      last,
      birth,
      email: `${first[0]}.${last}${pid}@example.net`.toLowerCase().replace('example.net', 'mail.co'),
      mobile: `07911 ${String(100000 + pid).slice(-6)}`,
      home,
      landline,
    };
  }).map((p, k, all) => (twins && k === 1 ? { ...p, birth: all[0]!.birth } : p));
}

function render(p: Person, random: () => number): PersonInput {
  const chance = (x: number) => random() < x;
  let first = chance(0.2) && p.first[1].length ? p.first[1][0]! : p.first[0];
  let last = p.last;
  if (chance(0.1)) first = typo(first, random);
  if (chance(0.1)) last = typo(last, random);
  if (chance(0.05)) [first, last] = [last, first];
  let [y, m, d] = p.birth;
  if (chance(0.05) && d <= 12) [m, d] = [d, m];
  const out: PersonInput = { first, last, emails: [], phones: [] };
  if (!chance(0.2)) out.birth = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!chance(0.15)) out.emails!.push(chance(0.2) ? `${first.toLowerCase()}${p.id}new@other.org` : p.email);
  if (chance(0.6)) out.phones!.push(p.mobile);
  if (chance(0.3)) out.phones!.push(p.landline);
  if (chance(0.7)) out.address = chance(0.15) ? { line1: '1 Elsewhere Road', city: 'York', postcode: `YO${p.id % 30} 1ZZ` } : p.home;
  return out;
}

export function population(people: number, seed: number): Population {
  const rendered = populationInputs(people, seed);
  return { records: rendered.map((r, i) => rec(`r${i}`, r.input, r.source)), truth: rendered.map((r) => r.truth) };
}

/** The same population as source records would hold it (for tests that import or store records). */
export function populationInputs(people: number, seed: number): { source: string; input: PersonInput; truth: number }[] {
  const random = seededRandom(seed);
  const persons: Person[] = [];
  for (let h = 0; persons.length < people; h++) persons.push(...household(h, random));
  const out: { source: string; input: PersonInput; truth: number }[] = [];
  for (const p of persons) {
    const copies = 1 + Math.floor(random() * 3);
    for (let c = 0; c < copies; c++) out.push({ source: ['crm', 'support', 'shop'][c]!, input: render(p, random), truth: p.id });
  }
  return out;
}
