// Which evidence the model does not use would separate true from false candidate pairs where it is unsure:
// for every candidate pair scored between 0.02 and 0.98 (no deterministic rule), each probe feature is
// tallied against the truth. A feature worth a comparison level shows a share of true pairs far from the
// band's overall share, on pairs enough to matter.
//   node --max-old-space-size=3000 dist/bench/identity/evidence-probe.js [records=215000] [hard|easy] [seed=1]
import { forEachCandidatePair } from '../../src/identity/engine/blocking';
import { compareInto } from '../../src/identity/engine/comparisons';
import { compileModel } from '../../src/identity/engine/compiled-model';
import { ATTRIBUTES, EMAIL, EMAIL_LEVEL, PHONE, PHONE_LEVEL } from '../../src/identity/engine/levels';
import { toMatchRecord, type MatchRecord } from '../../src/identity/engine/match-record';
import { probabilityOf, weighLevels } from '../../src/identity/engine/score';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { deterministicRule } from '../../src/identity/resolution/deterministic-rule';
import { modelFor } from '../../src/identity/resolution/estimate';
import type { PersonAttributes } from '../../src/sources/record';
import { generatePopulation, type Difficulty } from './population/generate';

type Probe = (a: MatchRecord, b: MatchRecord, ra: PersonAttributes, rb: PersonAttributes, levels: Int8Array) => string | undefined;

const local = (e: string) => e.slice(0, e.lastIndexOf('@'));
const lettersOf = (s: string) => s.replace(/[^a-z]/g, '');
const digitsOf = (s: string) => s.replace(/\D/g, '');

/** yes / no / n.a.: one record's email digits are the other's birth year (yy or yyyy). */
const yearInEmail: Probe = (a, b) => {
  const test = (x: MatchRecord, y: MatchRecord) => {
    if (y.birth?.year === undefined) return undefined;
    let seen: string | undefined;
    for (const e of x.emails) {
      const d = /(\d+)$/.exec(local(e).split('+')[0]!)?.[1];
      if (!d || (d.length !== 2 && d.length !== 4)) continue;
      const year = String(y.birth.year);
      if (d === year || d === year.slice(2)) return 'same';
      seen = 'other';
    }
    return seen;
  };
  return test(a, b) ?? test(b, a);
};

const localRelation: Probe = (a, b, _ra, _rb, levels) => {
  if (levels[EMAIL] !== EMAIL_LEVEL.else) return undefined;
  let out: string | undefined;
  for (const x of a.emails) for (const y of b.emails) {
    const [lx, ly] = [local(x).split('+')[0]!, local(y).split('+')[0]!];
    if (lx === ly) return 'same local';
    if (lettersOf(lx) === lettersOf(ly) && lettersOf(lx).length >= 4) out = digitsOf(lx) && digitsOf(ly) ? 'same letters, both digits' : 'same letters';
    else out ??= 'different';
  }
  return out;
};

const sameDomain: Probe = (a, b, _ra, _rb, levels) => {
  if (levels[EMAIL] !== EMAIL_LEVEL.else) return undefined;
  for (const x of a.emails) for (const y of b.emails) if (x.slice(x.lastIndexOf('@')) === y.slice(y.lastIndexOf('@'))) return 'same domain';
  return 'other domain';
};

const rawPhone: Probe = (a, b, ra, rb, levels) => {
  if (levels[PHONE] !== PHONE_LEVEL.missing && levels[PHONE] !== PHONE_LEVEL.else) return undefined;
  const tails = (r: PersonAttributes) => r.phones.map((p) => digitsOf(p).slice(-7)).filter((t) => t.length === 7);
  const [ta, tb] = [tails(ra), tails(rb)];
  if (ta.length === 0 || tb.length === 0) return undefined;
  const lost = a.phones.length < ra.phones.length || b.phones.length < rb.phones.length;
  return `${lost ? 'unparsed' : 'parsed'} ${ta.some((t) => tb.includes(t)) ? 'tail agrees' : 'tail differs'}`;
};

const city: Probe = (a, b) => (a.city && b.city ? (a.city === b.city ? 'same city' : 'other city') : undefined);

const PROBES: Record<string, Probe> = { yearInEmail, localRelation, sameDomain, rawPhone, city };

function main(): void {
  const size = Number(process.argv[2] ?? 215_000);
  const difficulty = (process.argv[3] ?? 'hard') as Difficulty;
  const seed = Number(process.argv[4] ?? 1);
  const config = DEFAULT_IDENTITY_CONFIG;
  const truth: string[] = [];
  const raw: PersonAttributes[] = [];
  const records: MatchRecord[] = [];
  for (const r of generatePopulation({ records: size, seed, difficulty })) {
    truth.push(r.truth);
    raw.push(r.person);
    records.push(toMatchRecord(String(records.length + 1), r.source, r.person, { defaultRegion: 'US', junk: config.junk }));
  }
  const model = modelFor('estimate', records, config.maxBlockSize);
  const compiled = compileModel(model);
  const levels = new Int8Array(ATTRIBUTES.length);
  const tally = new Map<string, { n: number; t: number; p: number }>();
  const add = (key: string, same: boolean, p: number) => {
    const x = tally.get(key) ?? tally.set(key, { n: 0, t: 0, p: 0 }).get(key)!;
    x.n++;
    x.p += p;
    if (same) x.t++;
  };
  forEachCandidatePair(records, (a, b) => {
    const swapped = compareInto(records[a]!, records[b]!, levels);
    if (deterministicRule(records[a]!, records[b]!, levels, swapped, config.deterministicRules)) return;
    const p = probabilityOf(weighLevels(records[a]!, records[b]!, levels, swapped, compiled));
    if (p < 0.02 || p > 0.98) return;
    const same = truth[a] === truth[b];
    const band = p < 0.5 ? 'below 0.5' : 'band';
    add(`${band} all`, same, p);
    for (const [name, probe] of Object.entries(PROBES)) {
      const v = probe(records[a]!, records[b]!, raw[a]!, raw[b]!, levels);
      if (v !== undefined) add(`${band} ${name}: ${v}`, same, p);
    }
  }, { maxBlockSize: config.maxBlockSize });
  console.log(`${size} records (${difficulty}, seed ${seed}), candidate pairs scored 0.02–0.98: pairs, mean p, share true`);
  for (const [key, x] of [...tally].sort((u, v) => u[0].localeCompare(v[0]))) {
    console.log(`  ${String(x.n).padStart(8)}  ${(x.p / x.n).toFixed(3)}  ${(x.t / x.n).toFixed(3)}  ${key}`);
  }
}

if (require.main === module) main();
