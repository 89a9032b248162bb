// Blocking: which record pairs get compared at all. A true pair that no rule
// produces can never match (IDENTITY_NOTES 1), so several cheap keys are OR-ed,
// each tolerant to a different corruption: contact details for people whose
// names were mangled, first initial + part of the surname + birth year for new
// contact details, swap-safe phonetic names for swapped fields and missing birth
// dates, address keys for new emails. Keys carry their rule's name, so blocks
// never mix rules. Keys whose number of values is fixed (a birth date, initials
// and a year) hold more records the larger the population, and the pairs per
// record grow with it: every key here also carries something that grows with the
// population (a contact detail, a surname or three letters of it).
import { workRanges } from './work-ranges';
import type { PhaseTicker } from '../../shared/progress';
import type { Attribute } from './levels';
import type { MatchRecord } from './match-record';
import { groupBy } from './group-by';
import { IntScratch, type IntList } from './int-scratch';
import { namePatternsOf } from './name-patterns';
import { soundex } from './phonetic';

export interface BlockingRule {
  name: string;
  /** Attributes the key is built from; an EM session blocked on this rule leaves them out. */
  attributes: readonly Attribute[];
  /** Whether estimateModel runs an EM session on this rule's pairs (default true). */
  session?: boolean;
  /** A tighter block size limit than the run's, for keys that are common by nature. */
  maxBlockSize?: number;
  keys(r: MatchRecord): string[];
  /**
   * Set by refinementOf: the keys are rule `of`'s keys each followed by `|` and `by(r)`. Such blocks split
   * that rule's blocks, so they are cut from its entries (ruleFamilies) rather than from a key string per
   * record, which cost as much as building the rule itself. `by` never returns a `|`, so that a key and a
   * part cannot spell another key and part.
   */
  refines?: { of: BlockingRule; by: (r: MatchRecord) => string | undefined };
}

const letters = (s: string) => s.replace(/[^a-z]/g, '');
const year = (r: MatchRecord) => (r.birth?.year !== undefined ? String(r.birth.year) : '');
const sorted = (x: string, y: string) => (x <= y ? `${x}|${y}` : `${y}|${x}`);
const one = (ok: unknown, key: () => string) => (ok ? [key()] : []);
/** email_name's keys: the address patterns, then the name patterns but the surname alone. */
function emailNameKeys(r: MatchRecord): string[] {
  const patterns = namePatternsOf(r, false);
  return r.emailNames.length === 0 ? patterns : [...r.emailNames, ...patterns];
}
/** A rule whose keys are `base`'s keys each followed by `|` and `by(r)`; none where `by` gives undefined (or a `|`). */
function refinementOf(base: BlockingRule, by: (r: MatchRecord) => string | undefined, rule: Omit<BlockingRule, 'keys' | 'refines'>): BlockingRule {
  return {
    ...rule,
    refines: { of: base, by },
    keys: (r) => {
      const part = by(r);
      return part === undefined ? [] : base.keys(r).map((key) => `${key}|${part}`);
    },
  };
}
/** The surname's first and last three letters: one typo in a surname of four letters or more spares one of them. */
export const surnamePrefix = (last: string) => letters(last).slice(0, 3);
export const surnameSuffix = (last: string) => letters(last).slice(-3);


const EMAIL_NAME: BlockingRule = {
  // An address spelling a name (marketing records: email and first name only)
  // meets the records carrying that name, and other addresses spelled alike
  // (john.smith@gmail / john.smith@outlook). The surname alone is left out.
  name: 'email_name',
  attributes: ['email'],
  // Its blocks mix namesakes with marketing records; with email left out,
  // EM cannot tell them apart, so this rule gets no estimation session.
  session: false,
  // Common names spell the same address pattern for hundreds of people: such a block holds namesakes,
  // and at 10^5 records this rule alone produced most candidate pairs (20M of 28M in the demo data).
  maxBlockSize: 50,
  keys: (r) => emailNameKeys(r),
};

export const BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'email', attributes: ['email'], keys: (r) => r.emails },
  { name: 'phone', attributes: ['phone'], keys: (r) => r.phones },
  { name: 'id', attributes: ['identifier'], keys: (r) => r.identifiers },
  EMAIL_NAME,
  // The same keys with the first name's first three letters (nicknames folded): a common name spells the
  // same address pattern for more records than email_name's limit, and drops out there; split by first
  // name, the records of one person usually stay together under the limit (jsmith|joh, jsmith|jan).
  refinementOf(EMAIL_NAME, (r) => (r.firstLoose ? r.firstLoose.slice(0, 3) : undefined), {
    name: 'email_name+f3',
    attributes: ['email', 'first_name'],
    session: false,
    maxBlockSize: 50,
  }),
  {
    // Exact surname and first initial: names-only records with a rare surname.
    name: 'last+initial',
    attributes: ['first_name', 'last_name'],
    // A common surname with a common initial is a crowd, not a lead (8M demo pairs at 10^5 records).
    maxBlockSize: 50,
    // Without a surname, an address may hold it (thewalkers@ for Steven).
    keys: (r) =>
      r.lastName
        ? one(r.firstLoose, () => `${letters(r.lastName!)}|${r.firstLoose![0]}`)
        : r.firstLoose
          ? r.emailNames.map((n) => `${n}|${r.firstLoose![0]}`)
          : [],
  },
  {
    name: 'postcode+house',
    attributes: ['address'],
    keys: (r) => one(r.postcode && r.houseNumber, () => `${r.postcode}|${r.houseNumber}`),
  },
  {
    // First initial, the surname's first three letters and the birth year: a typo late in the surname,
    // a nickname or a typo in the first name, a year-only record against a full date.
    name: 'i+pre3+by',
    attributes: ['first_name', 'last_name', 'birth_date'],
    keys: (r) => one(r.firstLoose && r.lastName && year(r), () => `${r.firstLoose![0]}|${surnamePrefix(r.lastName!)}|${year(r)}`),
  },
  {
    // The same with the surname's last three letters: a typo early in the surname.
    name: 'i+suf3+by',
    attributes: ['first_name', 'last_name', 'birth_date'],
    keys: (r) =>
      one(r.firstLoose && r.lastName && letters(r.lastName).length > 3 && year(r), () => `${r.firstLoose![0]}|${surnameSuffix(r.lastName!)}|${year(r)}`),
  },
  {
    // The first name's first three letters (nicknames folded) and the surname's initial: any typo in the
    // surname after its first letter, short surnames included (Gray / Gtay, Lee / Ler), where both
    // three-letter parts of the surname may change.
    name: 'p3f+i+by',
    attributes: ['first_name', 'last_name', 'birth_date'],
    keys: (r) => one(r.firstLoose && r.lastName && year(r), () => `${r.firstLoose!.slice(0, 3)}|${letters(r.lastName!)[0] ?? ''}|${year(r)}`),
  },
  {
    // Three letters of each name, sorted, and the birth year: swapped first and last names of a common
    // name, whose swap block (below) is too large to use.
    name: 'sw3+by',
    attributes: ['first_name', 'last_name', 'birth_date'],
    keys: (r) => one(r.firstLoose && r.lastCanonical && year(r), () => `${sorted(r.firstLoose!.slice(0, 3), r.lastCanonical!.slice(0, 3))}|${year(r)}`),
  },
  {
    name: 'swap',
    attributes: ['first_name', 'last_name'],
    maxBlockSize: 50,
    // Both fields folded alike, so the sorted pair survives a first/last swap.
    keys: (r) => one(r.firstLoose && r.lastCanonical, () => sorted(soundex(r.firstLoose!), soundex(r.lastCanonical!))),
  },
];

export function blockingKeys(r: MatchRecord, rules: readonly BlockingRule[] = BLOCKING_RULES): string[] {
  const out: string[] = [];
  for (const rule of rules) for (const k of rule.keys(r)) out.push(`${rule.name}:${k}`);
  return out;
}

/** The block size limit for one `rule:value` key: the rule's own when tighter than the run's. */
export function blockLimit(key: string, maxBlockSize: number, rules: readonly BlockingRule[] = BLOCKING_RULES): number {
  const name = key.slice(0, key.indexOf(':'));
  const own = rules.find((r) => r.name === name)?.maxBlockSize;
  return own !== undefined ? Math.min(own, maxBlockSize) : maxBlockSize;
}

export interface CandidateOptions {
  /** Blocks with more records are skipped and counted (a placeholder value, a huge family name). Default 500. */
  maxBlockSize?: number;
  rules?: readonly BlockingRule[];
  /**
   * `rule:key` blocks to skip whatever their size here: an incremental run blocks a few records but must
   * skip the blocks that are too large in the whole population, as a full run does.
   */
  excludedKeys?: ReadonlySet<string>;
  /** Blocks already built over these very records, in this order, with these rules and exclusions (see blockIndex). */
  index?: BlockIndex;
  /**
   * A group per record (−1 for none): only pairs of two records in the same group are visited, and only
   * they are counted in the stats. A second pass over a few groups, without a pair held per group.
   */
  within?: Int32Array;
  /** Blocks visited of all blocks, ticked per block (never per pair). */
  progress?: PhaseTicker;
  /**
   * Only the blocks with ids in `[from, to)`: the pairs whose first shared block is there. Consecutive ranges
   * together emit every pair once, in the same order as one walk (two threads each walk one range).
   */
  range?: { from: number; to: number };
}

export interface CandidateStats {
  /** distinct pairs each rule's blocks hold, whatever other rules hold too: the rule's own cost */
  perRule: Record<string, number>;
  /** pairs first produced by each rule, in rule order: what the rule adds */
  perRuleNew: Record<string, number>;
  skippedBlocks: number;
  pairs: number;
}

export const DEFAULT_MAX_BLOCK_SIZE = 500;

/**
 * Blocks in compressed rows: block `id` holds `members[start[id] .. start[id + 1])`, record indexes ascending;
 * ids ascend with rule order. Blocks of one record are left out (they pair nothing): about half of all blocks.
 * Typed arrays instead of a string map and an array per block: at 10^6 records the blocks took 2.3 GB of
 * heap as strings and arrays, and they are held from estimation through scoring.
 */
export interface Blocks {
  start: Int32Array;
  members: Int32Array;
  rule: Uint8Array;
  /** 1 where the block's key is in the caller's excludedKeys (skipped whatever its size) */
  excluded: Uint8Array;
}

/** One rule's blocks of two or more records, in the order their keys were first met. */
export interface RuleBlocks {
  rule: number;
  /** records per block */
  sizes: Int32Array;
  members: Int32Array;
  excluded: Uint8Array;
}

/** Pushes the records of entries `at(from) .. at(to - 1)` (in record order) once each; returns how many. */
function pushMembers(members: IntList, recordOf: Int32Array, from: number, to: number, at: (x: number) => number): number {
  const before = members.length;
  let last = -1;
  for (let x = from; x < to; x++) {
    const record = recordOf[at(x)]!;
    if (record !== last) members.push((last = record));
  }
  return members.length - before;
}

/** The id of `value` in `ids`, given the next one (`names.length`) when it is new. */
function idOf(ids: Map<string, number>, names: string[], value: string): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = names.length;
    ids.set(value, id);
    names.push(value);
  }
  return id;
}

/** One rule's (key, record) entries in record order, each key a local id in first-seen order. */
interface RuleEntries {
  keyOf: string[];
  localOf: IntList;
  recordOf: IntList;
  /** the entries grouped by key, in entry order within each key */
  byKey: { start: Int32Array; items: Int32Array };
}

/** About how many (key, record) entries a rule makes: its keys per record over an even sample, times the records. */
function expectedEntries(records: readonly MatchRecord[], rule: BlockingRule): number {
  const step = Math.max(1, Math.floor(records.length / 1000));
  let keys = 0;
  let sampled = 0;
  for (let i = 0; i < records.length; i += step, sampled++) keys += rule.keys(records[i]!).length;
  return Math.max(1024, Math.ceil(sampled === 0 ? 0 : (keys / sampled) * records.length * 1.05));
}

function ruleEntries(records: readonly MatchRecord[], rule: BlockingRule, scratch: IntScratch): RuleEntries {
  const ids = new Map<string, number>();
  const keyOf: string[] = [];
  // made at about their size, not doubled into it: new buffers count towards V8's next full collection
  const expected = expectedEntries(records, rule);
  const localOf = scratch.list('entry.local', expected);
  const recordOf = scratch.list('entry.record', expected);
  // keyed by the bare value: the map is the rule's own, and a `rule:` prefix made a new string per key to hash
  records.forEach((record, i) => {
    for (const key of rule.keys(record)) {
      localOf.push(idOf(ids, keyOf, key));
      recordOf.push(i);
    }
  });
  ids.clear();
  return { keyOf, localOf, recordOf, byKey: groupBy(localOf.length, keyOf.length, (e) => localOf.values[e]!, { scratch, name: 'entry.byKey' }) };
}

/** The entries' blocks of two or more records, in the order their keys were first met. */
function blocksOfEntries(ruleIndex: number, rule: BlockingRule, { keyOf, recordOf, byKey }: RuleEntries, scratch: IntScratch, excludedKeys?: ReadonlySet<string>): RuleBlocks {
  const sizes = scratch.list('block.sizes');
  // at most every entry
  const members = scratch.list('block.members', recordOf.length);
  const excluded = scratch.list('block.excluded');
  for (let k = 0; k < keyOf.length; k++) {
    const from = byKey.start[k]!;
    const to = byKey.start[k + 1]!;
    // a record holding one key twice is one member
    if (to - from < 2 || recordOf.values[byKey.items[from]!] === recordOf.values[byKey.items[to - 1]!]) continue;
    sizes.push(pushMembers(members, recordOf.values, from, to, (e) => byKey.items[e]!));
    excluded.push(excludedKeys?.has(`${rule.name}:${keyOf[k]!}`) ? 1 : 0);
  }
  return { rule: ruleIndex, sizes: sizes.done(), members: members.done(), excluded: Uint8Array.from(excluded.values.subarray(0, excluded.length)) };
}

/**
 * The blocks of a rule that refines the one whose entries these are: each of that rule's keys split by the
 * record's part (`refines.by`), in the order the refined keys would be first met — the order of their first
 * entry, since refined entries are the base's entries of the records with a part, in the same order. The
 * same blocks as building the rule from its key strings.
 */
function refinedBlocks(
  records: readonly MatchRecord[],
  ruleIndex: number,
  rule: BlockingRule,
  base: RuleEntries,
  scratch: IntScratch,
  excludedKeys?: ReadonlySet<string>,
): RuleBlocks {
  const by = rule.refines!.by;
  const partIds = new Map<string, number>();
  const partNames: string[] = [];
  const partOf = scratch.ints('refined.partOf', records.length);
  for (let i = 0; i < records.length; i++) {
    const part = by(records[i]!);
    partOf[i] = part === undefined ? -1 : idOf(partIds, partNames, part);
  }
  const { keyOf } = base;
  const recordOf = base.recordOf.values;
  const localOf = base.localOf.values;
  // The entries of records with a part by (key, part, entry): two stable counting sorts, by part and then by
  // key. Sorting each key's entries by part instead took seconds at 10^6 records, on the largest keys.
  const byPart = groupBy(base.localOf.length, partNames.length, (e) => partOf[recordOf[e]!]!, { scratch, name: 'refined.byPart' });
  const byKey = groupBy(byPart.items.length, keyOf.length, (x) => localOf[byPart.items[x]!]!, { scratch, name: 'refined.byKey' });
  const entryAt = (x: number) => byPart.items[byKey.items[x]!]!;
  // kept blocks in the order found (key by key, part by part): their members, first entry, key and part
  const sizes = scratch.list('block.sizes');
  const members = scratch.list('block.members', byPart.items.length);
  const firstEntry = scratch.list('refined.firstEntry');
  const keyOfBlock = scratch.list('refined.keyOfBlock');
  const partOfBlock = scratch.list('refined.partOfBlock');
  for (let k = 0; k < keyOf.length; k++) {
    const to = byKey.start[k + 1]!;
    for (let s = byKey.start[k]!; s < to; ) {
      const first = entryAt(s);
      const part = partOf[recordOf[first]!]!;
      let t = s + 1;
      while (t < to && partOf[recordOf[entryAt(t)]!] === part) t++;
      // two records or more (one record may hold a key twice)
      if (recordOf[first] !== recordOf[entryAt(t - 1)]) {
        sizes.push(pushMembers(members, recordOf, s, t, entryAt));
        firstEntry.push(first);
        keyOfBlock.push(k);
        partOfBlock.push(part);
      }
      s = t;
    }
  }
  // first entries are distinct entry numbers: a slot per entry puts the blocks in key order without a sort
  const slot = scratch.ints('refined.slot', base.localOf.length, -1);
  for (let b = 0; b < sizes.length; b++) slot[firstEntry.values[b]!] = b;
  const memberStart = scratch.ints('refined.memberStart', sizes.length + 1, 0);
  for (let b = 0; b < sizes.length; b++) memberStart[b + 1] = memberStart[b]! + sizes.values[b]!;
  const outSizes = new Int32Array(sizes.length);
  const outMembers = new Int32Array(members.length);
  const excluded = new Uint8Array(sizes.length);
  let n = 0;
  let at = 0;
  for (let e = 0; e < slot.length; e++) {
    const b = slot[e]!;
    if (b < 0) continue;
    outSizes[n] = sizes.values[b]!;
    outMembers.set(members.values.subarray(memberStart[b]!, memberStart[b + 1]!), at);
    at += sizes.values[b]!;
    if (excludedKeys?.has(`${rule.name}:${keyOf[keyOfBlock.values[b]!]!}|${partNames[partOfBlock.values[b]!]!}`)) excluded[n] = 1;
    n++;
  }
  return { rule: ruleIndex, sizes: outSizes, members: outMembers, excluded };
}

/**
 * Rules built together: each rule with the rules that refine it (refinementOf), whose blocks are cut from
 * its entries. A refinement of a rule missing from the list, or listed after it, is built on its own.
 */
export function ruleFamilies(rules: readonly BlockingRule[] = BLOCKING_RULES): number[][] {
  const families: number[][] = [];
  // by the rule itself, not its name: a list may hold another rule of that name with other keys
  const familyOf = new Map<BlockingRule, number[]>();
  rules.forEach((rule, i) => {
    const base = rule.refines ? familyOf.get(rule.refines.of) : undefined;
    if (base) base.push(i);
    else {
      const family = [i];
      families.push(family);
      if (!rule.refines) familyOf.set(rule, family);
    }
  });
  return families;
}

/**
 * The blocks of one family of rules (ruleFamilies), so only its first rule's key strings are held. Families
 * are independent of each other, so two threads can build different families' blocks at once
 * (engine-thread.ts). `scratch`: the temporaries' buffers, to pass from one family to the next of a thread.
 */
export function buildFamilyBlocks(
  records: readonly MatchRecord[],
  family: readonly number[],
  rules: readonly BlockingRule[] = BLOCKING_RULES,
  excludedKeys?: ReadonlySet<string>,
  scratch = new IntScratch(),
): RuleBlocks[] {
  const [first, ...refining] = family;
  const entries = ruleEntries(records, rules[first!]!, scratch);
  return [
    blocksOfEntries(first!, rules[first!]!, entries, scratch, excludedKeys),
    ...refining.map((i) => refinedBlocks(records, i, rules[i]!, entries, scratch, excludedKeys)),
  ];
}

/**
 * Every rule's blocks as one index, block ids ascending with rule order; `parts` may come in any order.
 * `shared`: in shared memory, so that another thread is sent the blocks without a copy (engine-thread.ts).
 */
export function joinRuleBlocks(parts: readonly RuleBlocks[], shared = false): Blocks {
  const ordered = [...parts].sort((x, y) => x.rule - y.rule);
  const blocks = ordered.reduce((sum, p) => sum + p.sizes.length, 0);
  const ints = (n: number) => (shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n));
  const bytes = (n: number) => (shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  const start = ints(blocks + 1);
  const members = ints(ordered.reduce((sum, p) => sum + p.members.length, 0));
  const rule = bytes(blocks);
  const excluded = bytes(blocks);
  let id = 0;
  for (const p of ordered) {
    members.set(p.members, start[id]!);
    rule.fill(p.rule, id, id + p.sizes.length);
    excluded.set(p.excluded, id);
    for (const size of p.sizes) {
      start[id + 1] = start[id]! + size;
      id++;
    }
  }
  return { start, members, rule, excluded };
}

function buildBlocks(records: readonly MatchRecord[], rules: readonly BlockingRule[], excludedKeys?: ReadonlySet<string>, progress?: PhaseTicker): Blocks {
  if (rules.length > 255) throw new Error('at most 255 blocking rules'); // a block's rule is a Uint8
  progress?.setTotal(rules.length);
  const parts: RuleBlocks[] = [];
  const scratch = new IntScratch();
  for (const family of ruleFamilies(rules)) {
    for (const part of buildFamilyBlocks(records, family, rules, excludedKeys, scratch)) {
      parts.push(part);
      progress?.tick(parts.length);
    }
  }
  return joinRuleBlocks(parts);
}

/**
 * The blocks of a record list, built once for several passes over its candidate pairs (a full run that
 * estimates the model samples them, then scores them: at 10^6 records each build is tens of seconds).
 */
export interface BlockIndex {
  readonly records: readonly MatchRecord[];
  readonly rules: readonly BlockingRule[];
  readonly excludedKeys: ReadonlySet<string> | undefined;
  readonly blocks: Blocks;
}

const exclusionsOf = (keys?: ReadonlySet<string>) => (keys !== undefined && keys.size > 0 ? keys : undefined);

/** `progress`: rules done of all rules. */
export function blockIndex(
  records: readonly MatchRecord[],
  rules: readonly BlockingRule[] = BLOCKING_RULES,
  excludedKeys?: ReadonlySet<string>,
  progress?: PhaseTicker,
): BlockIndex {
  const exclusions = exclusionsOf(excludedKeys);
  return { records: [...records], rules, excludedKeys: exclusions, blocks: buildBlocks(records, rules, exclusions, progress) };
}

/** An index over blocks built elsewhere: parts of several threads joined (joinRuleBlocks), or sent by another thread. */
export function indexOfBlocks(
  records: readonly MatchRecord[],
  blocks: Blocks,
  rules: readonly BlockingRule[] = BLOCKING_RULES,
  excludedKeys?: ReadonlySet<string>,
): BlockIndex {
  return { records: [...records], rules, excludedKeys: exclusionsOf(excludedKeys), blocks };
}

/**
 * The blocks cut into `count` consecutive id ranges holding about the same number of pairs to visit, so that
 * threads taking ranges one at a time (forEachCandidatePair's `range`) share the work evenly. Empty ranges
 * are left out.
 */
export function blockRanges(index: BlockIndex, maxBlockSize: number = DEFAULT_MAX_BLOCK_SIZE, count = 64): { from: number; to: number }[] {
  const { start, rule, excluded } = index.blocks;
  const limits = index.rules.map((r) => Math.min(r.maxBlockSize ?? maxBlockSize, maxBlockSize));
  const work = new Float64Array(rule.length);
  for (let id = 0; id < rule.length; id++) {
    const size = start[id + 1]! - start[id]!;
    // a skipped block still costs its visit
    work[id] = 1 + (size > limits[rule[id]!]! || excluded[id] === 1 ? 0 : (size * (size - 1)) / 2);
  }
  return workRanges(work, count);
}

/** The index's blocks when it was built over exactly these records (same objects, same order), rules and exclusions. */
function blocksFor(records: readonly MatchRecord[], rules: readonly BlockingRule[], index: BlockIndex | undefined, excludedKeys?: ReadonlySet<string>): Blocks {
  const exclusions = exclusionsOf(excludedKeys);
  if (
    index &&
    index.excludedKeys === exclusions &&
    index.rules === rules &&
    // the very list (each block range of a walk passes it again) or the same records in the same order
    (index.records === records || (index.records.length === records.length && records.every((r, i) => index.records[i] === r)))
  ) {
    return index.blocks;
  }
  return buildBlocks(records, rules, exclusions);
}

/** Each record's usable block ids, ascending, as compressed rows: record `i` has `ids[start[i] .. start[i + 1])`. */
function recordBlocks(n: number, blocks: Blocks, usable: (id: number) => boolean): { start: Int32Array; ids: Int32Array } {
  // A counting sort of the usable blocks' members by record, block by block, so each record's ids ascend.
  // Through groupBy it needed a block id per member slot first (80 MB at 10^6 records) and took 3 s a thread.
  const { start: blockStart, members } = blocks;
  const blockCount = blocks.rule.length;
  const keep = new Uint8Array(blockCount);
  for (let id = 0; id < blockCount; id++) keep[id] = usable(id) ? 1 : 0;
  // record r's count in start[r + 2]; summed, start[r + 1] is where its ids begin, and filling moves it on
  const start = new Int32Array(n + 2);
  for (let id = 0; id < blockCount; id++) {
    if (keep[id] === 0) continue;
    for (let e = blockStart[id]!; e < blockStart[id + 1]!; e++) start[members[e]! + 2]!++;
  }
  for (let r = 0; r < n; r++) start[r + 2]! += start[r + 1]!;
  const ids = new Int32Array(start[n + 1]!);
  for (let id = 0; id < blockCount; id++) {
    if (keep[id] === 0) continue;
    for (let e = blockStart[id]!; e < blockStart[id + 1]!; e++) ids[start[members[e]! + 1]!++] = id;
  }
  return { start: start.subarray(0, n + 1), ids };
}

interface RecordTable {
  rules: readonly BlockingRule[];
  maxBlockSize: number;
  start: Int32Array;
  ids: Int32Array;
}

/**
 * Each blocks' record table per rules and run limit (what makes a block usable; exclusions are in the
 * blocks): walks over block ranges (engine-thread.ts) would rebuild it per range. Held as long as the blocks.
 */
const recordTables = new WeakMap<Blocks, RecordTable[]>();

function recordBlocksOf(n: number, blocks: Blocks, rules: readonly BlockingRule[], maxBlockSize: number, usable: (id: number) => boolean): RecordTable {
  let tables = recordTables.get(blocks);
  if (!tables) recordTables.set(blocks, (tables = []));
  let table = tables.find((t) => t.rules === rules && t.maxBlockSize === maxBlockSize);
  if (!table) tables.push((table = { rules, maxBlockSize, ...recordBlocks(n, blocks, usable) }));
  return table;
}

/**
 * Streams each candidate pair once (a < b), from the first block (in rule
 * order) that holds both, so nothing is kept per pair: at millions of pairs
 * the caller decides what to store.
 */
export function forEachCandidatePair(
  records: MatchRecord[],
  visit: (a: number, b: number, rule: number) => void,
  options: CandidateOptions = {},
): CandidateStats {
  const rules = options.rules ?? BLOCKING_RULES;
  const max = options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const blocks = blocksFor(records, rules, options.index, options.excludedKeys);
  const { start, members, rule, excluded } = blocks;
  const limits = rules.map((r) => Math.min(r.maxBlockSize ?? max, max));
  const sizeOf = (id: number) => start[id + 1]! - start[id]!;
  const oversized = (id: number) => sizeOf(id) > limits[rule[id]!]! || excluded[id] === 1;
  const usable = (id: number) => !oversized(id);
  const byRecord = recordBlocksOf(records.length, blocks, rules, max, usable);
  const recordStart = byRecord.start;
  const recordIds = byRecord.ids;
  const within = options.within;
  const stats: CandidateStats = { perRule: {}, perRuleNew: {}, skippedBlocks: 0, pairs: 0 };
  for (const r of rules) stats.perRule[r.name] = stats.perRuleNew[r.name] = 0;
  // Block ids ascend with rule order, so a rule's blocks start at its first id.
  const ruleStart = rules.map((_, r) => rule.indexOf(r));
  const blockCount = rule.length;
  const progress = options.progress;
  const from = Math.max(0, options.range?.from ?? 0);
  const to = Math.min(blockCount, options.range?.to ?? blockCount);
  progress?.setTotal(to - from);
  for (let id = from; id < to; id++) {
    progress?.tick(id - from);
    if (oversized(id)) {
      stats.skippedBlocks++;
      continue;
    }
    const name = rules[rule[id]!]!.name;
    const ruleFrom = ruleStart[rule[id]!]!;
    const first = start[id]!;
    const end = start[id + 1]!;
    for (let x = first; x < end; x++) {
      const a = members[x]!;
      const a0 = recordStart[a]!;
      const a1 = recordStart[a + 1]!;
      for (let y = x + 1; y < end; y++) {
        const b = members[y]!;
        if (within && (within[a]! < 0 || within[a] !== within[b])) continue;
        // Counted once per rule (its first shared block), emitted once overall (its first shared block of
        // all). One walk finds both: the shared blocks come in order, and this block is one of them.
        let i = a0;
        let j = recordStart[b]!;
        const b1 = recordStart[b + 1]!;
        let firstOfAll = -1;
        let firstOfRule = -1;
        while (i < a1 && j < b1) {
          const x = recordIds[i]!;
          const y = recordIds[j]!;
          if (x < y) i++;
          else if (x > y) j++;
          else {
            if (firstOfAll < 0) firstOfAll = x;
            if (x >= ruleFrom) {
              firstOfRule = x;
              break;
            }
            i++;
            j++;
          }
        }
        if (firstOfRule === id) stats.perRule[name]!++;
        if (firstOfAll !== id) continue;
        stats.perRuleNew[name]!++;
        stats.pairs++;
        visit(a, b, rule[id]!);
      }
    }
  }
  progress?.tick(to - from);
  return stats;
}

/** Candidate pairs from records grouped by key; groups larger than maxBlockSize are skipped (counted). Pairs deduplicated, a<b. */
export function candidatePairs(
  records: MatchRecord[],
  options?: CandidateOptions,
): { pairs: [number, number][]; perRule: Record<string, number>; perRuleNew: Record<string, number>; skippedBlocks: number } {
  const pairs: [number, number][] = [];
  const stats = forEachCandidatePair(records, (a, b) => pairs.push([a, b]), options);
  return { pairs, perRule: stats.perRule, perRuleNew: stats.perRuleNew, skippedBlocks: stats.skippedBlocks };
}
