import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';

/**
 * TypeORM logger that counts statements (tests assert constant statement counts per query)
 * and sends slow queries and errors to pino. SQL parameters are never logged: they hold personal data.
 */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  constructor(private readonly pino?: Logger) {}

  reset(): number {
    const was = this.count;
    this.count = 0;
    return was;
  }

  logQuery(query: string): void {
    this.count += 1;
    this.pino?.trace({ sql: query }, 'sql');
  }
  logQueryError(error: string | Error, query: string): void {
    this.pino?.error({ sql: sqlForLog(query), err: error }, 'sql error');
  }
  logQuerySlow(time: number, query: string): void {
    this.pino?.warn({ sql: sqlForLog(query), ms: time }, 'slow sql');
  }
  logSchemaBuild(message: string): void {
    this.pino?.debug(message);
  }
  logMigration(message: string): void {
    this.pino?.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino?.warn(String(message));
    else this.pino?.debug(String(message));
  }
}

/** Statements as one line, cut to a length a log line can carry (some are several kilobytes). */
export function sqlForLog(query: string, max = 400): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max)}… (${line.length} chars)`;
}
