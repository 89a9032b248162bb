/** A PostgreSQL array literal, so a batch of arrays travels as one text[] parameter (unnest, then cast). */
export function pgArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

// Binary arrays (PostgreSQL's array_send format): node-postgres sends a Buffer parameter as binary, so the
// server copies the elements (array_recv) instead of scanning an array literal character by character, and
// the driver does not escape it again. Every parameter of an access-log append travels this way, and so do
// the blocking keys a first resolution hands to its writer thread (a Buffer can be transferred, not copied),
// and a resolution's outcome (10^6 match records as a text[] literal: 23 s of escaping and parsing, 3.5 s binary).
const TEXT_OID = 25;
const INT8_OID = 20;
const UUID_OID = 2950;
const INT4_OID = 23;
const TIMESTAMPTZ_OID = 1184;
const FLOAT8_OID = 701;

function arrayHeader(buffer: Buffer, elementOid: number, length: number, hasNulls = false): number {
  if (length === 0) {
    // no dimensions: the empty array
    buffer.writeInt32BE(0, 0);
    buffer.writeInt32BE(0, 4);
    buffer.writeInt32BE(elementOid, 8);
    return 12;
  }
  buffer.writeInt32BE(1, 0); // dimensions
  buffer.writeInt32BE(hasNulls ? 1 : 0, 4);
  buffer.writeInt32BE(elementOid, 8);
  buffer.writeInt32BE(length, 12);
  buffer.writeInt32BE(1, 16); // lower bound
  return 20;
}

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;

/**
 * uuid[] in binary: 16 bytes per id. Ids must be canonical (lower-case, 8-4-4-4-12 hex, as normaliseRecord
 * leaves them); anything else throws, so a malformed id can never be stored as some other id.
 */
export function binaryUuidArray(ids: readonly string[]): Buffer {
  const headerLength = ids.length === 0 ? 12 : 20;
  const buffer = Buffer.allocUnsafe(headerLength + ids.length * 20);
  let at = arrayHeader(buffer, UUID_OID, ids.length);
  for (const id of ids) {
    if (typeof id !== 'string' || id.length !== 36 || id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) {
      throw new Error(`not a canonical uuid: "${String(id)}"`);
    }
    buffer.writeInt32BE(16, at);
    at += 4;
    for (let c = 0; c < 36; c += 2) {
      if (c === 8 || c === 13 || c === 18 || c === 23) c += 1;
      const hi = HEX[id.charCodeAt(c)] ?? -1;
      const lo = HEX[id.charCodeAt(c + 1)] ?? -1;
      if (hi < 0 || lo < 0) throw new Error(`not a canonical uuid: "${id}"`);
      buffer[at++] = (hi << 4) | lo;
    }
  }
  return buffer;
}

/** text[] in binary (UTF-8; null elements as length -1): the server takes each element as it is, nothing to unescape. */
export function binaryTextArray(values: readonly (string | null)[]): Buffer {
  let size = values.length === 0 ? 12 : 20;
  let hasNulls = false;
  const lengths = values.map((v) => (v === null ? ((hasNulls = true), -1) : Buffer.byteLength(v, 'utf8')));
  for (const length of lengths) size += 4 + Math.max(0, length);
  const buffer = Buffer.allocUnsafe(size);
  let at = arrayHeader(buffer, TEXT_OID, values.length, hasNulls);
  for (let i = 0; i < values.length; i++) {
    buffer.writeInt32BE(lengths[i]!, at);
    at += 4;
    if (lengths[i]! >= 0) at += buffer.write(values[i]!, at, 'utf8');
  }
  return buffer;
}

/** int4[] in binary (no nulls). */
export function binaryIntArray(values: ArrayLike<number>): Buffer {
  const buffer = Buffer.allocUnsafe((values.length === 0 ? 12 : 20) + values.length * 8);
  let at = arrayHeader(buffer, INT4_OID, values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) throw new Error(`not an int4: ${value}`);
    buffer.writeInt32BE(4, at);
    buffer.writeInt32BE(value, at + 4);
    at += 8;
  }
  return buffer;
}

/** float8[] in binary (no nulls): every value as it is, no decimal text in between. */
export function binaryFloat8Array(values: ArrayLike<number>): Buffer {
  const buffer = Buffer.allocUnsafe((values.length === 0 ? 12 : 20) + values.length * 12);
  let at = arrayHeader(buffer, FLOAT8_OID, values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (typeof value !== 'number') throw new Error(`not a number: ${String(value)}`);
    buffer.writeInt32BE(8, at);
    buffer.writeDoubleBE(value, at + 4);
    at += 12;
  }
  return buffer;
}

/** A record id (decimal text) as a number; anything but a safe non-negative integer throws. */
export function recordIdOf(text: string): number {
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new Error(`not a record id: "${text}"`);
  return value;
}

/** int8[] in binary, from decimal strings (record ids); anything but a safe non-negative integer throws. */
export function binaryBigintArray(values: readonly string[]): Buffer {
  const numbers = new Float64Array(values.length);
  let last: string | null = null; // no element equals it: an empty first one is refused, not read as 0
  let value = 0;
  for (let i = 0; i < values.length; i++) {
    const text = values[i]!;
    if (text !== last) {
      // a record's keys come together: its id is parsed once
      value = recordIdOf(text);
      last = text;
    }
    numbers[i] = value;
  }
  return binaryRecordIdArray(numbers);
}

/** int8[] in binary, from record ids as numbers; anything but a safe non-negative integer throws. */
export function binaryRecordIdArray(values: ArrayLike<number>): Buffer {
  const buffer = Buffer.allocUnsafe((values.length === 0 ? 12 : 20) + values.length * 12);
  let at = arrayHeader(buffer, INT8_OID, values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a record id: ${value}`);
    buffer.writeInt32BE(8, at);
    buffer.writeUInt32BE(Math.floor(value / 2 ** 32), at + 4);
    buffer.writeUInt32BE(value >>> 0, at + 8);
    at += 12;
  }
  return buffer;
}

/** Microseconds between the Unix epoch and PostgreSQL's (2000-01-01 UTC). */
const PG_EPOCH_US = 946_684_800_000_000n;
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * timestamptz[] in binary: microseconds since 2000-01-01 UTC, from canonical times (canonicalTime:
 * `2026-11-25T10:00:01.123000Z`). Anything else throws: a time is never stored as some other time.
 */
export function binaryTimestampArray(times: readonly string[]): Buffer {
  const buffer = Buffer.allocUnsafe((times.length === 0 ? 12 : 20) + times.length * 12);
  let at = arrayHeader(buffer, TIMESTAMPTZ_OID, times.length);
  for (const time of times) {
    const ms = CANONICAL_TIME.test(time) ? Date.parse(`${time.slice(0, 23)}Z`) : Number.NaN;
    if (Number.isNaN(ms)) throw new Error(`not a canonical access time: "${time}"`);
    buffer.writeInt32BE(8, at);
    buffer.writeBigInt64BE(BigInt(ms) * 1000n + BigInt(Number(time.slice(23, 26))) - PG_EPOCH_US, at + 4);
    at += 12;
  }
  return buffer;
}
