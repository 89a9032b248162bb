import { QueryFailedError } from 'typeorm';

/** A problem with the import as a whole (bad path, unknown format, unusable file): one clear message. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/**
 * The import stopped on a failure of the system, not of its input: the database stopped, refused a statement
 * or lost the connection. Not a usage error (the CLI exits 1, not 2); what was committed stays.
 */
export class ImportFailedError extends Error {
  /** What failed, where: stored as the run's error. */
  readonly detail: string;
  constructor(where: { source: string; runId?: string; file?: string }, cause: unknown) {
    const reason = reasonOf(cause);
    const detail = where.file ? `${where.file}: ${reason}` : reason;
    super(
      where.runId
        ? `import of ${where.source} stopped (run ${where.runId}${where.file ? `, at ${where.file}` : ''}): ${reason}; ` +
            'the batches committed before it are kept, and running the same import again continues without duplicates'
        : `import of ${where.source} could not start: ${reason}; nothing was imported`,
      { cause },
    );
    this.name = 'ImportFailedError';
    this.detail = detail;
  }
}

/** One line: a driver's message may span several. */
function reasonOf(error: unknown): string {
  const message = (error instanceof Error ? error.message || error.name : String(error)).replace(/\s+/g, ' ').trim();
  return isDatabaseError(error) ? `database error: ${message}` : message;
}

/** A statement the server refused or aborted (SQLSTATE), or a connection that could not be made or was lost. */
function isDatabaseError(error: unknown): boolean {
  if (error instanceof QueryFailedError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || /^(ECONN|ETIMEDOUT|EPIPE|EHOSTUNREACH)/.test(code))) return true;
  return error instanceof Error && /^Connection terminated/.test(error.message);
}
