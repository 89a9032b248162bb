import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { isUuid } from './uuid';

/**
 * Opaque keyset cursors: the sort key of the last row seen, sealed (AES-256-GCM). A cursor must not show
 * what it holds: the customer list's key is the display name, which a masked caller may not read. Only a
 * cursor this deployment issued opens, so a crafted one is an invalid cursor, never a value the SQL chokes
 * on. Deterministic (the nonce is an HMAC of the content): one row's cursor is the same string every time.
 */
interface CursorKeys {
  cipher: Buffer;
  nonce: Buffer;
}

const NONCE = 12;
const TAG = 16;

function keysOf(secret: string): CursorKeys {
  const derive = (purpose: string) => createHash('sha256').update(`tessera.cursor.${purpose}\u0000${secret}`).digest();
  return { cipher: derive('cipher'), nonce: derive('nonce') };
}

// Until the app configures its deployment secret, cursors open only in this process.
let keys: CursorKeys = keysOf(randomBytes(32).toString('hex'));

/** Every instance of a deployment must use the same secret, so a cursor from one opens on another. */
export function configureCursors(secret: string): void {
  keys = keysOf(secret);
}

export function encodeCursor(parts: (string | number)[]): string {
  const plain = Buffer.from(JSON.stringify(parts), 'utf8');
  const nonce = createHmac('sha256', keys.nonce).update(plain).digest().subarray(0, NONCE);
  const cipher = createCipheriv('aes-256-gcm', keys.cipher, nonce);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url');
}

export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length >= NONCE + TAG) {
      const decipher = createDecipheriv('aes-256-gcm', keys.cipher, raw.subarray(0, NONCE));
      decipher.setAuthTag(raw.subarray(raw.length - TAG));
      const plain = Buffer.concat([decipher.update(raw.subarray(NONCE, raw.length - TAG)), decipher.final()]);
      const parts: unknown = JSON.parse(plain.toString('utf8'));
      if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string')) return parts as string[];
    }
  } catch {
    // fall through: not a cursor of this deployment
  }
  throw new InvalidCursorError();
}

/** What a part of a cursor must be for the statement that reads it (the casts it goes through). */
export type CursorPart = 'text' | 'uuid' | 'timestamp' | 'id';

/** UTC, as toISOString or to_char write it; year 0000 is a Date but no PostgreSQL timestamptz. */
const ISO_TIME = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function isPart(value: string, part: CursorPart): boolean {
  if (part === 'uuid') return isUuid(value);
  if (part === 'id') return /^\d{1,18}$/.test(value);
  if (part === 'timestamp') return ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
  return true;
}

/**
 * A cursor whose parts have these shapes: one list's cursor given to another (each opens: they are sealed
 * with the same key) is an invalid cursor, not a uuid or timestamp cast failing in PostgreSQL.
 */
export function decodeCursorOf(cursor: string, parts: readonly CursorPart[]): string[] {
  const values = decodeCursor(cursor, parts.length);
  if (!values.every((v, i) => isPart(v, parts[i]!))) throw new InvalidCursorError();
  return values;
}
