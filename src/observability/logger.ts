import pino, { type Logger } from 'pino';

/** JSON logs; never with personal values (SQL parameters, tokens and payloads are not logged). */
export function createLogger(level: string, name = 'tessera'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
