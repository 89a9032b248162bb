import { sign, verify, type KeyObject } from 'node:crypto';
import type { SigningKey } from './signing-key';

export const CHECKPOINT_FORMAT = 'tessera.access_log_checkpoint.v1';

/** A signed statement: "the chain through `position` ends in `headHash`"; after pruning, where it restarts. */
export interface CheckpointBody {
  position: number;
  headHash: string;
  /** Entries in the chain from genesis through position, pruned ones included. */
  count: number;
  /** Canonical UTC time (normalise-entry canonicalTime). */
  at: string;
  /** Entries at or below this position have been (or are being) pruned; 0 when none. */
  prunedThrough: number;
  /** The hash of the entry at prunedThrough: the prev_hash the first remaining entry must carry. */
  prunedHash: string | null;
}

export interface Checkpoint extends CheckpointBody {
  keyId: string;
  /** Ed25519 over serialiseCheckpoint(body), base64. */
  signature: string;
}

/** The signed fields of a checkpoint, and nothing else. */
export function checkpointBody(c: CheckpointBody): CheckpointBody {
  return { position: c.position, headHash: c.headHash, count: c.count, at: c.at, prunedThrough: c.prunedThrough, prunedHash: c.prunedHash };
}

export function serialiseCheckpoint(c: CheckpointBody): string {
  return JSON.stringify([CHECKPOINT_FORMAT, c.position, c.headHash, c.count, c.at, c.prunedThrough, c.prunedHash]);
}

export function signCheckpoint(body: CheckpointBody, key: SigningKey): Checkpoint {
  const signature = sign(null, Buffer.from(serialiseCheckpoint(body), 'utf8'), key.privateKey).toString('base64');
  return { ...body, keyId: key.keyId, signature };
}

/** Why a checkpoint cannot be trusted, or null when its signature holds. */
export function checkpointSignatureProblem(c: Checkpoint, publicKeys: Map<string, KeyObject>): string | null {
  const key = publicKeys.get(c.keyId);
  if (!key) {
    // after a rotation this is an old checkpoint whose key was not given, not necessarily a forgery
    const known = [...publicKeys.keys()].join(', ') || 'none';
    return `checkpoint at position ${c.position} is signed by unknown key ${c.keyId} (keys given: ${known}); a retired key's public half is given with --public-key or AUDIT_PUBLIC_KEYS_FILE`;
  }
  const ok = verify(null, Buffer.from(serialiseCheckpoint(checkpointBody(c)), 'utf8'), key, Buffer.from(c.signature, 'base64'));
  return ok ? null : `checkpoint at position ${c.position} (${c.at}) has an invalid signature`;
}
