import { isConnectTimeout } from './connect-timeout';

/**
 * The database a URL setting names could not be connected to at start. The message names the setting and
 * the URL without its password or query string (either may hold a secret), and says why.
 */
export class DatabaseUnreachableError extends Error {
  /** connectTimeoutMs: DB_CONNECT_TIMEOUT_MS, named when the server accepted the connection and never answered. */
  constructor(readonly variable: string, url: string, cause: unknown, connectTimeoutMs?: number) {
    const reason = connectTimeoutMs !== undefined && isConnectTimeout(cause)
      ? `no answer within ${connectTimeoutMs} ms (DB_CONNECT_TIMEOUT_MS)`
      : scrub(reasonOf(cause), url);
    // a PostgreSQL error (SQLSTATE) means the server answered: a wrong user, password or database name
    const answered = typeof (cause as { code?: unknown })?.code === 'string' && /^[0-9A-Z]{5}$/.test((cause as { code: string }).code);
    super(`the database at ${safeUrl(url)} (${variable}) ${answered ? 'refused the connection' : 'could not be reached'}: ${reason}`, { cause });
  }
}

/** `postgres://user@host:port/db`: the URL without password and query string. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** The error's own words; a connection to a name with several addresses fails with an AggregateError and no message. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((e: unknown) => reasonOf(e)))].join('; ');
  }
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}

/** Never repeat the password, should a driver ever put it in a message. */
function scrub(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // not a URL: nothing to take out
  }
  return password.length >= 3 ? text.split(password).join('***') : text;
}
