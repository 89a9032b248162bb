import { defaultModel } from '../../../../src/identity/engine/model';
import type { MatchRecord } from '../../../../src/identity/engine/match-record';
import { DEFAULT_IDENTITY_CONFIG } from '../../../../src/identity/identity-config';
import { resolveRegion, type Decision, type RegionResult } from '../../../../src/identity/resolution/resolve-region';
import { HOME, rec } from '../engine/fixtures';
import { population } from '../engine/population';

const options = DEFAULT_IDENTITY_CONFIG;
const model = defaultModel();

/** Product record ids are numeric (source_record.id). */
function numbered(records: MatchRecord[]): MatchRecord[] {
  return records.map((r, i) => ({ ...r, id: String(i + 1) }));
}

function clusterOf(result: RegionResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of result.clusters) for (const id of c) out.set(id, c[0]!);
  return out;
}

const family = { last: 'Fairweather', address: HOME, emails: ['thefairweathers@mail.co'] };

describe('resolveRegion', () => {
  it('links exact shared identifiers by a named deterministic rule, but not a family email', () => {
    const records = numbered([
      rec('', { first: 'Robert', last: 'Smith', emails: ['bob.smith@gmail.com'], ids: { customer_number: 'C-1' } }),
      rec('', { first: 'Bob', last: 'Smith', ids: { customer_number: 'C-1' } }),
      rec('', { ...family, first: 'Olivia' }),
      rec('', { ...family, first: 'Harvey' }),
    ]);
    const result = resolveRegion(records, model, [], options);
    expect(result.clusters).toEqual([['1', '2'], ['3'], ['4']]);
    expect(result.links.toArray()).toEqual([expect.objectContaining({ a: '1', b: '2', decision: 'match', rule: 'exact_identifier', blockingRule: 'id' })]);
  });

  it('keeps apart a household one system numbered in a row, whatever else its members share', () => {
    const household = { last: 'Walker', address: HOME, emails: ['thewalkers@mail.co'], phones: ['0113 496 0001'] };
    const records = numbered([
      rec('', { ...household, first: 'Charles', ids: { customer_number: 'CN102376' } }),
      rec('', { ...household, first: 'Michael', ids: { customer_number: 'CN102377' } }),
      rec('', { ...household, first: 'Michael', ids: { customer_number: 'CN102377' } }, 'support'),
      rec('', { ...household, first: 'Charles', ids: { customer_number: 'CN102367' } }, 'support'), // a typo made in support
    ]);
    const result = resolveRegion(records, model, [], options);
    expect(clusterOf(result).get('1')).not.toBe(clusterOf(result).get('2'));
    expect(clusterOf(result).get('2')).toBe(clusterOf(result).get('3'));
    expect(clusterOf(result).get('1')).toBe(clusterOf(result).get('4'));
  });

  it('keeps apart two customer numbers a chain of exact matches would join, although they were never a pair', () => {
    // The demo's "Mihcael": a CRM contact without first name (CN-100439) shares the family email with
    // Michael Thomas's CRM contact, which shares its phone with his support user (CN-100440).
    const records = numbered([
      rec('', { last: 'Thomas', emails: ['thomas.family@yahoo.com'], phones: ['857-555-3280'], ids: { customer_number: 'CN-100439' } }, 'salesforce'),
      rec('', { first: 'Michael', last: 'Thomas', emails: ['thomas.family@yahoo.com'], phones: ['+44 7400 123456'] }, 'salesforce'),
      rec('', { first: 'Michael', last: 'Thomas', phones: ['+44 7400 123456'], ids: { customer_number: 'CN-100440' } }, 'zendesk'),
    ]);
    const result = resolveRegion(records, model, [], options);
    expect(result.links.toArray().map((l) => [l.a, l.b])).not.toContainEqual(['1', '3']); // never a candidate pair
    expect(clusterOf(result).get('2')).toBe(clusterOf(result).get('3'));
    expect(clusterOf(result).get('1')).not.toBe(clusterOf(result).get('3'));
    expect(result.links.toArray()).toContainEqual(expect.objectContaining({ a: '1', b: '2', decision: 'refused', rule: 'conflict identifier:customer_number between records 1 and 3' }));
  });

  it('follows human decisions: a forced link merges, a forced split separates even an exact match', () => {
    const records = numbered([
      rec('', { first: 'Robert', last: 'Smith', emails: ['bob.smith@gmail.com'] }),
      rec('', { first: 'Robert', last: 'Smith', emails: ['bob.smith@gmail.com'] }),
      rec('', { first: 'Zofia', last: 'Quist', birth: '1970-03-04' }),
    ]);
    const decisions: Decision[] = [
      { a: '1', b: '2', kind: 'split' },
      { a: '1', b: '3', kind: 'link' },
    ];
    const result = resolveRegion(records, model, decisions, options);
    expect(result.clusters).toEqual([['1', '3'], ['2']]);
    expect(result.links.toArray().map((l) => [l.a, l.b, l.decision, l.rule])).toEqual(
      expect.arrayContaining([
        ['1', '2', 'split', 'manual_split'],
        ['1', '3', 'linked', 'manual_link'],
      ]),
    );
    const unblocked = result.links.toArray().find((l) => l.b === '3')!;
    expect(unblocked.blockingRule).toBeNull();
  });

  it('a region made of whole components clusters exactly as the full population does', () => {
    const records = numbered(population(400, 7).records);
    const full = resolveRegion(records, model, [], options);
    const fullOf = clusterOf(full);
    // Components: clusters joined by every stored pair (match, review, refused).
    const parent = new Map<string, string>();
    const find = (x: string): string => (parent.get(x) && parent.get(x) !== x ? find(parent.get(x)!) : x);
    for (const c of full.clusters) for (const id of c) parent.set(id, c[0]!);
    for (const l of full.links.toArray()) parent.set(find(l.a), find(l.b));
    const seeds = new Set(records.filter((_, i) => i % 37 === 0).map((r) => find(r.id)));
    const region = records.filter((r) => seeds.has(find(r.id)));
    expect(region.length).toBeGreaterThan(10);
    expect(region.length).toBeLessThan(records.length / 2);

    const part = resolveRegion([...region].reverse(), model, [], options);
    const ids = new Set(region.map((r) => r.id));
    for (const c of part.clusters) {
      const expected = full.clusters.find((f) => f.includes(c[0]!))!;
      expect(c).toEqual(expected);
    }
    const byPair = (x: { a: string; b: string }, y: { a: string; b: string }) => Number(x.a) - Number(y.a) || Number(x.b) - Number(y.b);
    expect([...part.links.toArray()].sort(byPair)).toEqual(full.links.toArray().filter((l) => ids.has(l.a) && ids.has(l.b)).sort(byPair));
    expect(full.links.toArray().filter((l) => ids.has(l.a) !== ids.has(l.b))).toEqual([]);
    expect(fullOf.size).toBe(records.length);
    expect(full.links.toArray().some((l) => l.decision === 'review') || full.links.toArray().some((l) => l.decision === 'refused')).toBe(true);
  });

  it('skips blocks named as oversized, as an incremental run must for blocks large in the whole population', () => {
    const records = numbered([
      rec('', { first: 'Robert', last: 'Smith', emails: ['bob.smith@gmail.com'] }),
      rec('', { first: 'Robert', last: 'Smith', emails: ['bob.smith@gmail.com'] }),
    ]);
    const excluded = new Set(records.flatMap((r) => [`email:${r.emails[0]}`]));
    const all = resolveRegion(records, model, [], options);
    const without = resolveRegion(records, model, [], { ...options, excludedKeys: excluded });
    expect(all.links.toArray()[0]!.blockingRule).toBe('email');
    expect(without.links.toArray()[0]!.blockingRule).not.toBe('email');
    expect(without.stats.skippedBlocks).toBe(1);
  });
});
