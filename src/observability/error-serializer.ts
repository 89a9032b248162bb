import pino from 'pino';
import { sqlForLog } from '../db/query-counter';

/**
 * Where a database error carries the values of a statement: TypeORM's `parameters`, node-postgres's
 * `values`/`params`, and PostgreSQL's `detail` ("Key (email)=(…) already exists", "Failing row contains (…)").
 */
const VALUE_KEYS = ['parameters', 'params', 'values', 'detail'];

// SQLSTATE class 22 (data exception) messages quote the value that failed: `invalid input syntax for type uuid: "…"`.
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

type Serialized = Record<string, unknown> & { message?: string; stack?: string; code?: unknown };

/**
 * pino's `err` serializer without the values of a failed statement. The standard one copies every enumerable
 * property of the error, so a TypeORM QueryFailedError went out with its parameters (search terms, emails).
 * The SQL text (one line, cut to length) and the SQLSTATE code stay: they say what failed.
 */
export function errSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  return serialized && typeof serialized === 'object' ? scrub(serialized as Serialized, 0) : serialized;
}

function scrub(error: Serialized, depth: number): Serialized {
  for (const key of VALUE_KEYS) delete error[key];
  if (typeof error.query === 'string') error.query = sqlForLog(error.query);
  if (typeof error.code === 'string' && DATA_EXCEPTION.test(error.code)) {
    if (typeof error.message === 'string') error.message = withoutQuotedValues(error.message);
    if (typeof error.stack === 'string') error.stack = withoutQuotedValues(error.stack);
  }
  if (depth > 3) return error;
  // pino has serialized nested errors already (driverError, aggregateErrors): their values go too
  for (const value of Object.values(error)) {
    if (Array.isArray(value)) value.forEach((v) => isErrorLike(v) && scrub(v, depth + 1));
    else if (isErrorLike(value)) scrub(value, depth + 1);
  }
  return error;
}

function isErrorLike(value: unknown): value is Serialized {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** `invalid input syntax for type uuid: "ab@c.de"` → `… uuid: "…"`. */
export function withoutQuotedValues(text: string): string {
  return text.replace(QUOTED, '"…"');
}

/**
 * An error as the CLI prints it on stderr (its stack): a data exception's message names the value that
 * failed, and the stack repeats the message.
 */
export function errorTextForLog(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DATA_EXCEPTION.test(code) ? withoutQuotedValues(text) : text;
}
