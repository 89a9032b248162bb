import { OPERATORS, type Operator, type Scalar, type ValueTest, type ValueType } from './definition';

// Parsing of `{ op, value }` against a value type: the part trait and profile conditions share.

export const MAX_LIST = 1000;
export const MAX_TEXT = 200;
export const MAX_DAYS = 3650;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A value of the type, normalised (timestamps as ISO strings in UTC), or the reason it is not one. */
export function parseScalar(type: ValueType, value: unknown): { value: Scalar } | { error: string } {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: `expected a number, got ${show(value)}` };
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? { value } : { error: `expected an integer, got ${show(value)}` };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: `expected true or false, got ${show(value)}` };
    case 'text':
      return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT
        ? { value: value.trim() }
        : { error: `expected a non-empty text of at most ${MAX_TEXT} characters, got ${show(value)}` };
    case 'timestamp': {
      const at = typeof value === 'string' && ISO_TIMESTAMP.test(value) ? new Date(value) : null;
      // year 0 (or 0001 with a positive offset) is a Date, not a PostgreSQL timestamptz
      return at && !Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 1 ? { value: at.toISOString() } : { error: `expected an ISO 8601 time such as 2026-01-31T00:00:00Z, got ${show(value)}` };
    }
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? { value } : { error: `expected a date YYYY-MM-DD, got ${show(value)}` };
    case 'presence':
      return { error: 'takes no value' };
  }
}

function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** `{ op, value }` for a value of `type`; errors are pushed with `path` and the test is null. */
export function parseValueTest(
  raw: { op?: unknown; value?: unknown },
  type: ValueType,
  allowed: readonly Operator[],
  subject: string,
  path: string,
  errors: string[],
): ValueTest | null {
  const fail = (message: string): null => {
    errors.push(`${path}: ${message}`);
    return null;
  };
  const op = raw.op;
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    return fail(`unknown operator ${show(op)} (operators: ${OPERATORS.join(', ')})`);
  }
  if (!allowed.includes(op as Operator)) return fail(`operator "${op}" does not apply to ${subject} (${type}); use one of ${allowed.join(', ')}`);
  const value = raw.value;
  switch (op as Operator) {
    case 'isNull':
    case 'isNotNull':
      return value === undefined ? { op: op as 'isNull' } : fail(`operator "${op}" takes no value`);
    case 'withinDays':
    case 'olderThanDays':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_DAYS
        ? { op: op as 'withinDays', days: value }
        : fail(`operator "${op}" needs a whole number of days from 1 to ${MAX_DAYS}, got ${show(value)}`);
    case 'between':
      return parseBetween(value, type, op, fail);
    case 'in':
    case 'notIn':
      return parseList(value, type, op, fail);
    default: {
      const parsed = parseScalar(type, value);
      return 'error' in parsed ? fail(`operator "${op}" ${parsed.error}`) : { op: op as 'eq', value: parsed.value };
    }
  }
}

function parseBetween(value: unknown, type: ValueType, op: string, fail: (m: string) => null): ValueTest | null {
  if (!Array.isArray(value) || value.length !== 2) return fail(`operator "${op}" needs [low, high], got ${show(value)}`);
  const low = parseScalar(type, value[0]);
  const high = parseScalar(type, value[1]);
  if ('error' in low) return fail(`operator "${op}" low bound: ${low.error}`);
  if ('error' in high) return fail(`operator "${op}" high bound: ${high.error}`);
  if (low.value > high.value) return fail(`operator "${op}": low bound ${show(low.value)} is above high bound ${show(high.value)}`);
  return { op: 'between', low: low.value, high: high.value };
}

function parseList(value: unknown, type: ValueType, op: string, fail: (m: string) => null): ValueTest | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) {
    return fail(`operator "${op}" needs a list of 1 to ${MAX_LIST} values, got ${show(value)}`);
  }
  const values: Scalar[] = [];
  for (const [i, item] of value.entries()) {
    const parsed = parseScalar(type, item);
    if ('error' in parsed) return fail(`operator "${op}" value [${i}]: ${parsed.error}`);
    values.push(parsed.value);
  }
  return { op: op as 'in', values: [...new Set(values)] };
}

/** A short, safe rendering of what the caller sent, for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
