// Field readers shared by all formats. Each takes the raw value and the source field name,
// returns the clean value (undefined when absent) or throws a RecordError with a precise reason.
import { RecordError } from './result';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Shows a bad value in a reason, shortened so one huge cell cannot flood the report. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}

/** Trimmed text; empty or null → undefined. Numbers become strings (JSON ids are often numbers). */
export function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new RecordError(`${field} must be a string, got ${quote(value)}`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function requiredText(value: unknown, field: string): string {
  const result = text(value, field);
  if (result === undefined) throw new RecordError(`${field} is empty`);
  return result;
}

const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

/** Booleans as JSON booleans or the CSV spellings true/false/1/0. */
export function bool(value: unknown, field: string): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null) return undefined;
  const raw = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '?';
  if (raw === '') return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new RecordError(`${field} is not a valid boolean: ${quote(value)}`);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function number(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    if (NUMBER.test(trimmed)) return Number(trimmed);
  }
  throw new RecordError(`${field} is not a valid number: ${quote(value)}`);
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** ISO-8601 only (Date alone accepts '1' or 'May 5'); no zone means UTC so results do not depend on the host. */
export function toIsoTimestamp(raw: string): string | undefined {
  const match = TIMESTAMP.exec(raw);
  if (!match || !isCalendarDate(match[1])) return undefined;
  const [, date, time, zone] = match;
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const parsed = new Date(time ? `${date}T${time}${offset}` : `${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

export function timestamp(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = typeof value === 'string' ? value.trim() : undefined;
  if (raw === '') return undefined;
  const iso = raw === undefined ? undefined : toIsoTimestamp(raw);
  if (iso === undefined) throw new RecordError(`${field} is not a valid timestamp: ${quote(value)}`);
  return iso;
}

export function requiredTimestamp(value: unknown, field: string): string {
  const result = timestamp(value, field);
  if (result === undefined) throw new RecordError(`${field} is empty`);
  return result;
}

/** A calendar date YYYY-MM-DD. */
export function date(value: unknown, field: string): string | undefined {
  const raw = text(value, field);
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !isCalendarDate(raw)) {
    throw new RecordError(`${field} is not a valid date: ${quote(value)}`);
  }
  return raw;
}

export function object(value: unknown, field: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new RecordError(`${field} must be an object, got ${quote(value)}`);
  return value;
}

export function list(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new RecordError(`${field} must be a list, got ${quote(value)}`);
  return value;
}

/** A list of strings, trimmed, empty entries dropped; a single string counts as a list of one when allowed. */
export function stringList(value: unknown, field: string, allowSingle = false): string[] {
  if (allowSingle && typeof value === 'string') value = [value];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new RecordError(`${field} must be a list of strings, got ${quote(value)}`);
  }
  return (value as string[]).map((item) => item.trim()).filter((item) => item !== '');
}

/** Values that are present, for building emails/phones lists from single fields. */
export function present(...values: (string | undefined)[]): string[] {
  return values.filter((value): value is string => value !== undefined);
}
