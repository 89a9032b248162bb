import type { ChainedEntry } from '../../../src/audit/access-entry';
import { ChainChecker, classifyUnlinked } from '../../../src/audit/chain-checker';
import type { ChainBreak } from '../../../src/audit/chain-break';
import { signCheckpoint, type Checkpoint } from '../../../src/audit/checkpoint';
import { chainEntries, GENESIS_HASH, hashEntry } from '../../../src/audit/hash-chain';
import { loadSigningKey } from '../../../src/audit/signing-key';
import { generateKeyPairSync } from 'node:crypto';
import { entry } from './entries';

const GENESIS = { position: 0, hash: GENESIS_HASH };
const key = loadSigningKey({ privateKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });

function log(n: number): ChainedEntry[] {
  return chainEntries(GENESIS, Array.from({ length: n }, (_, i) => entry(i + 1)));
}

function checkpointAt(entries: ChainedEntry[], position: number): Checkpoint {
  const head = entries[position - 1];
  return signCheckpoint({ position, headHash: head.hash, count: position, at: '2026-11-25T11:00:00.000000Z', prunedThrough: 0, prunedHash: null }, key);
}

/** What verify does, with the whole log in memory standing in for the table. */
function verify(entries: ChainedEntry[], checkpoints: Checkpoint[] = [], start = GENESIS): { checked: number; problem: ChainBreak | null } {
  const checker = new ChainChecker(start, checkpoints);
  for (const e of entries) if (!checker.check(e)) break;
  let problem = checker.finish();
  if (checker.unlinked) {
    const found = entries.find((e) => e.hash === checker.unlinked!.prevHash);
    problem = classifyUnlinked(checker.unlinked, found ? found.position : null);
  }
  return { checked: checker.checked, problem };
}

/** Rehashes entries from an index on, keeping their positions: a careful attacker. */
function rehashFrom(entries: ChainedEntry[], index: number): ChainedEntry[] {
  const out = entries.slice(0, index);
  let prev = index === 0 ? GENESIS_HASH : out[index - 1].hash;
  for (const e of entries.slice(index)) {
    const hash = hashEntry(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('ChainChecker', () => {
  it('accepts an intact chain and counts every entry', () => {
    expect(verify(log(50), [checkpointAt(log(50), 50)])).toEqual({ checked: 50, problem: null });
  });

  it('accepts an empty log without checkpoints', () => {
    expect(verify([])).toEqual({ checked: 0, problem: null });
  });

  it.each<[string, (l: ChainedEntry[]) => ChainedEntry[], number, ChainBreak['reason']]>([
    ['an edited field decision', (l) => l.map((e) => (e.position === 7 ? { ...e, fields: { ...e.fields, 'ProfileEmail.value': 'allowed' } } : e)), 7, 'edited'],
    ['an edited actor', (l) => l.map((e) => (e.position === 3 ? { ...e, actor: 'someone-else' } : e)), 3, 'edited'],
    ['a deleted entry', (l) => l.filter((e) => e.position !== 5), 5, 'deleted'],
    ['deleted entries at the start', (l) => l.filter((e) => e.position > 2), 1, 'deleted'],
    ['two entries swapped', (l) => l.map((e) => (e.position === 4 ? { ...l[4], position: 4 } : e.position === 5 ? { ...l[3], position: 5 } : e)), 4, 'reordered'],
    ['an entry edited and rehashed', (l) => rehashFrom(l.map((e) => (e.position === 6 ? { ...e, actor: 'x' } : e)), 5).slice(0, 6).concat(l.slice(6)), 7, 'rewritten'],
    ['an entry deleted and the rest renumbered', (l) => l.filter((e) => e.position !== 5).map((e, i) => ({ ...e, position: i + 1 })), 5, 'rewritten'],
  ])('finds %s', (_name, tamper, position, reason) => {
    const result = verify(tamper(log(20)));
    expect(result.problem).toMatchObject({ position, reason });
    expect(result.checked).toBe(position - 1);
  });

  it('finds a rewritten and fully rehashed history through a signed checkpoint', () => {
    const original = log(20);
    const forged = rehashFrom(original.map((e) => (e.position === 5 ? { ...e, actor: 'nobody' } : e)), 4);
    expect(verify(forged).problem).toBeNull(); // the chain alone cannot tell
    expect(verify(forged, [checkpointAt(original, 10)]).problem).toMatchObject({ position: 10, reason: 'checkpoint-mismatch' });
  });

  it('finds truncation since the last checkpoint', () => {
    const original = log(20);
    const result = verify(original.slice(0, 15), [checkpointAt(original, 10), checkpointAt(original, 18)]);
    expect(result.problem).toMatchObject({ position: 16, reason: 'truncated' });
    expect(result.checked).toBe(15);
  });

  it('restarts after a pruned prefix and checks the link into it', () => {
    const original = log(20);
    const start = { position: 8, hash: original[7].hash };
    expect(verify(original.slice(8), [], start)).toEqual({ checked: 12, problem: null });
    expect(verify(original.slice(9), [], start).problem).toMatchObject({ position: 9, reason: 'deleted' });
    expect(verify(original.slice(8), [], { position: 8, hash: original[6].hash }).problem).toMatchObject({ position: 9, reason: 'rewritten' });
  });
});
