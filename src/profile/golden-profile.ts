import type { CountryCode } from 'libphonenumber-js';
import type { JunkConfig } from '../identity/matching/junk-values';
import { phoneRegionsOf } from '../identity/matching/person-contact';
import type { PersonAttributes, PostalAddress } from '../sources/record';
import { addressCompleteness, nameCompleteness, type NameValue } from './completeness';
import { addressEntry, birthDateEntry, emailEntry, nameEntry, phoneEntry, type Keyed } from './profile-values';
import { changedAt, type RecordRow } from './records';

/** What survivorship reads of a person record: its names and contact values, lineage and change times. */
export type PersonRecord = Pick<RecordRow, 'id' | 'source' | 'entity' | 'externalId' | 'person' | 'sourceChangedAt' | 'lastChangedAt'>;
import { DEFAULT_SURVIVORSHIP, type Rule, type RuleName, type Survivorship } from './survivorship';
import { decidingRule, rank, rulesOfRanking, type Ranked } from './survivorship-rules';

/** Where a golden value came from and which survivorship rule chose it (on a beaten value: the rule it lost by). */
export interface Provenance {
  recordId: string;
  source: string;
  entity: string;
  externalId: string;
  changedAt: Date;
  rule: SurvivorshipRule;
}

export type SurvivorshipRule = RuleName;

export interface GoldenValue<T> {
  value: T;
  /** Every record that holds the value, newest first. */
  provenance: Provenance[];
}

/** The value of a single-valued attribute, and the other values its records hold, best first. */
export interface GoldenChoice<T> extends GoldenValue<T> {
  beaten: GoldenValue<T>[];
}

export interface GoldenProfile {
  name: GoldenChoice<NameValue> | null;
  emails: GoldenValue<string>[];
  phones: GoldenValue<string>[];
  addresses: GoldenValue<PostalAddress>[];
  birthDate: GoldenChoice<string> | null;
}

/**
 * Survivorship as `rules` say (survivorship.json, or SURVIVORSHIP_FILE): each attribute's distinct normalised
 * values are ranked by its rules; name and birth date show the first and the values it beat, the others every
 * value in rank order, the first being the primary. Emails and phones are read as identity reads them (a
 * national number in the record's own country too); invalid values and placeholders never reach the golden
 * record, their record's quality notes say why. `junk`: the placeholders configured beside the built-in ones.
 */
export function buildGoldenProfile(records: PersonRecord[], region: CountryCode, junk?: JunkConfig, rules: Survivorship = DEFAULT_SURVIVORSHIP): GoldenProfile {
  const persons = personsNewestFirst(records);
  const attrs = (r: PersonRecord) => r.person as unknown as PersonAttributes;
  return {
    name: goldenNameOf(persons, rules),
    emails: ordered(candidates(persons, (r) => attrs(r).emails.map((e) => emailEntry(e, junk))), rules.emails),
    phones: ordered(
      candidates(persons, (r) => {
        if (attrs(r).phones.length === 0) return [];
        const regions = phoneRegionsOf(attrs(r));
        return attrs(r).phones.map((p) => phoneEntry(p, region, regions, junk));
      }),
      rules.phones,
    ),
    addresses: ordered(candidates(persons, (r) => attrs(r).addresses.map(addressEntry), addressCompleteness), rules.addresses),
    birthDate: choose(candidates(persons, (r) => [birthDateEntry(attrs(r).birthDate)]), rules.birthDate),
  };
}

/**
 * The golden name alone, as the profile chooses it: what customer lists show and sort by. Identity stores it
 * per customer: a change here that names customers differently must bump SUMMARY_VERSION
 * (identity/resolution-store.repository.ts), so the next full run renames them all.
 */
export function goldenName(records: PersonRecord[], rules: Survivorship = DEFAULT_SURVIVORSHIP): string | undefined {
  return goldenNameOf(personsNewestFirst(records), rules)?.value.full;
}

function goldenNameOf(persons: PersonRecord[], rules: Survivorship) {
  return choose(candidates(persons, (r) => [nameEntry(r.person as unknown as PersonAttributes)], nameCompleteness), rules.name);
}

function personsNewestFirst(records: PersonRecord[]): PersonRecord[] {
  return records.filter((r) => r.person).sort((a, b) => changedAt(b).getTime() - changedAt(a).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A distinct value and the records that hold it, newest first. */
interface Candidate<T> extends Ranked {
  value: T;
  holders: PersonRecord[];
  sources: string[];
}

/**
 * The distinct values of `newestFirst` by key. A value written differently by its records (case, "St" and
 * "Street") is shown as its most complete form, else as its newest record writes it.
 */
function candidates<T>(newestFirst: PersonRecord[], pick: (r: PersonRecord) => (Keyed<T> | undefined)[], completeness?: (value: T) => number[]): Candidate<T>[] {
  const byKey = new Map<string, Candidate<T>>();
  for (const r of newestFirst) {
    for (const entry of pick(r)) {
      if (!entry) continue;
      const existing = byKey.get(entry[0]);
      if (!existing) {
        const time = changedAt(r).getTime();
        const parts = completeness ? completeness(entry[1]) : [];
        byKey.set(entry[0], { value: entry[1], holders: [r], sources: [r.source], newest: time, records: 1, completeness: parts, order: byKey.size });
        continue;
      }
      if (existing.holders.includes(r)) continue;
      existing.holders.push(r);
      existing.sources.push(r.source);
      existing.records += 1;
      if (completeness) {
        const parts = completeness(entry[1]);
        if (moreComplete(parts, existing.completeness)) Object.assign(existing, { value: entry[1], completeness: parts });
      }
    }
  }
  return [...byKey.values()];
}

function moreComplete(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > (b[i] ?? 0);
  return false;
}

function choose<T>(found: Candidate<T>[], rules: readonly Rule[]): GoldenChoice<T> | null {
  if (found.length === 0) return null;
  const [winner, ...rest] = rank(found, rules) as [Candidate<T>, ...Candidate<T>[]];
  const first = rules[0]!.rule;
  return {
    value: winner.value,
    provenance: provenanceOf(winner, rest.length > 0 ? (decidingRule(rules, winner, rest[0]!) ?? first) : first),
    beaten: rest.map((c) => ({ value: c.value, provenance: provenanceOf(c, decidingRule(rules, winner, c) ?? first) })),
  };
}

function ordered<T>(found: Candidate<T>[], rules: readonly Rule[]): GoldenValue<T>[] {
  if (found.length === 0) return [];
  const ranked = rank(found, rules);
  const ruleOf = rulesOfRanking(ranked, rules);
  return ranked.map((c, i) => ({ value: c.value, provenance: provenanceOf(c, ruleOf[i]!) }));
}

function provenanceOf(c: Candidate<unknown>, rule: SurvivorshipRule): Provenance[] {
  return c.holders.map((r) => ({ recordId: r.id, source: r.source, entity: r.entity, externalId: r.externalId, changedAt: changedAt(r), rule }));
}
