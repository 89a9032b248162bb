import { checkpointBody, type Checkpoint } from './checkpoint';

const INTEGERS = ['position', 'count', 'prunedThrough'] as const;
const STRINGS = ['headHash', 'at', 'keyId', 'signature'] as const;

/**
 * What keeps a parsed JSON value from being a checkpoint (a missing field, a field of the wrong type), or
 * null. Types only: a well-formed checkpoint whose values were changed is a signature problem, which
 * verification reports as a break, not as an unreadable file.
 */
export function checkpointShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const c = value as Record<string, unknown>;
  for (const name of INTEGERS) {
    if (!(name in c)) return `it has no ${name}`;
    if (!Number.isSafeInteger(c[name]) || (c[name] as number) < 0) return `${name} must be a whole number, not ${JSON.stringify(c[name])}`;
  }
  for (const name of STRINGS) {
    if (!(name in c)) return `it has no ${name}`;
    if (typeof c[name] !== 'string' || c[name] === '') return `${name} must be a non-empty string, not ${JSON.stringify(c[name])}`;
  }
  if (!('prunedHash' in c)) return 'it has no prunedHash (null when nothing was pruned)';
  if (c.prunedHash !== null && typeof c.prunedHash !== 'string') return `prunedHash must be a string or null, not ${JSON.stringify(c.prunedHash)}`;
  return null;
}

/** Only the checkpoint's own fields (a file may carry others; they are not signed). */
export function checkpointOf(c: Checkpoint): Checkpoint {
  return { ...checkpointBody(c), keyId: c.keyId, signature: c.signature };
}
