import type { FilePosition, MappedRecord, ParseResult } from '../record';

/** A problem with one record: the parser rejects it and goes on with the next. */
export class RecordError extends Error {}

/**
 * A problem with a whole file (no header, a required column missing, not JSON at all): none of its records
 * can be used. The import rejects the file and goes on with the next one. The message does not name the
 * file: the report puts the name in front of it.
 */
export class FileError extends Error {}

/** Runs a record mapper; a RecordError becomes a rejection, anything else is a bug and propagates. */
export function toResults(line: number, build: () => MappedRecord | MappedRecord[], at?: FilePosition): ParseResult[] {
  try {
    const records = build();
    return (Array.isArray(records) ? records : [records]).map((record) => ({ ok: true, line, ...(at && { at }), record }));
  } catch (error) {
    if (error instanceof RecordError) return [rejection(line, error.message, at)];
    throw error;
  }
}

/** A rejected record; `at` only when known (JSON documents). */
export function rejection(line: number, reason: string, at?: FilePosition): ParseResult {
  return at ? { ok: false, line, at, reason } : { ok: false, line, reason };
}

/** Drops keys whose value is undefined, so absent values are omitted rather than present-but-empty. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as T;
}

/** Prefixes a record error with where inside the record it happened, e.g. `activity[2]: timestamp is empty`. */
export function within<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof RecordError) throw new RecordError(`${where}: ${error.message}`);
    throw error;
  }
}
