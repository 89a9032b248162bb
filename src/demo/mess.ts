// The ways real systems disagree about the same person. Each function is one kind of mess.
import { Rng, chance, int, pick } from './prng';
import { STREET_SUFFIXES } from './tables/places';
import type { Address, DemoPerson, SystemName } from './types';

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'sq', e: 'wr', i: 'uo', o: 'ip', n: 'bm', r: 'et', t: 'ry', s: 'ad', l: 'k', m: 'n', h: 'gj', c: 'xv',
};

/** One edit (swap, drop, double or neighbour key) somewhere after the first letter. */
export function typo(rng: Rng, word: string): string {
  if (word.length < 4) return word;
  const i = int(rng, 1, word.length - 2);
  const kind = int(rng, 0, 3);
  if (kind === 0) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 2) return word.slice(0, i) + word[i] + word.slice(i);
  const near = KEYBOARD_NEIGHBOURS[word[i].toLowerCase()];
  return near ? word.slice(0, i) + pick(rng, [...near]) + word.slice(i + 1) : word.slice(0, i) + word.slice(i + 1);
}

/** García → Garcia, as ASCII-only forms and old systems store it. */
export function stripAccents(text: string): string {
  return text.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** First name as a system holds it: formal or the nickname they go by. */
export function firstNameFor(rng: Rng, person: DemoPerson, nicknameShare: number): string {
  return person.nickname && chance(rng, nicknameShare) ? person.nickname : person.firstName;
}

/** A name field typed by hand: sometimes one typo, sometimes accents dropped. */
export function handTyped(rng: Rng, name: string, typoRate: number, asciiRate: number): string {
  if (chance(rng, typoRate)) return typo(rng, name);
  if (chance(rng, asciiRate)) return stripAccents(name);
  return name;
}

/** The email a system holds for a person, before noise: old address, shared household one, or current. */
export function emailIn(person: DemoPerson, system: SystemName): string {
  if (person.oldEmail && person.oldEmailIn === system) return person.oldEmail;
  if (system === 'crm' && person.sharedEmail) return person.sharedEmail;
  return person.email;
}

/** Capitals or stray whitespace, as copied from a form or a signature. */
export function emailNoise(rng: Rng, email: string, caseRate: number, spaceRate: number): string {
  let out = email;
  if (chance(rng, caseRate)) {
    const [local, domain] = out.split('@');
    out = `${local.replace(/(^|[._])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase())}@${
      chance(rng, 0.5) ? domain[0].toUpperCase() + domain.slice(1) : domain
    }`;
  }
  if (chance(rng, spaceRate)) out = chance(rng, 0.5) ? ` ${out}` : `${out} `;
  return out;
}

/** Street line as a system holds it: Street vs St, straße vs str. */
export function streetFor(rng: Rng, address: Address, abbreviate: number): string {
  if (!chance(rng, abbreviate)) return address.street;
  for (const [long, short] of STREET_SUFFIXES[address.country]) {
    if (address.street.includes(long)) return address.street.replace(long, short);
  }
  return address.street;
}
