/** A PostgreSQL array literal, so a batch of arrays travels as one text[] parameter (unnest, then cast). */
export function pgArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

// Binary arrays (PostgreSQL's array_send format): node-postgres sends a Buffer parameter as binary, so the
// server copies the elements (array_recv) instead of scanning an array literal character by character, and
// the driver does not escape it again. Used for the access log's large parameters: every customer id of a
// batch, every serialisation.
const TEXT_OID = 25;
const UUID_OID = 2950;

function arrayHeader(buffer: Buffer, elementOid: number, length: number): number {
  if (length === 0) {
    // no dimensions: the empty array
    buffer.writeInt32BE(0, 0);
    buffer.writeInt32BE(0, 4);
    buffer.writeInt32BE(elementOid, 8);
    return 12;
  }
  buffer.writeInt32BE(1, 0); // dimensions
  buffer.writeInt32BE(0, 4); // no nulls
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

/** text[] in binary (UTF-8, no nulls): the server takes each element as it is, nothing to unescape. */
export function binaryTextArray(values: readonly string[]): Buffer {
  let size = values.length === 0 ? 12 : 20;
  const lengths = values.map((v) => Buffer.byteLength(v, 'utf8'));
  for (const length of lengths) size += 4 + length;
  const buffer = Buffer.allocUnsafe(size);
  let at = arrayHeader(buffer, TEXT_OID, values.length);
  for (let i = 0; i < values.length; i++) {
    buffer.writeInt32BE(lengths[i]!, at);
    at += 4;
    at += buffer.write(values[i]!, at, 'utf8');
  }
  return buffer;
}
