import pino, { type Logger } from 'pino';

/** JSON logs; never with personal values (SQL parameters, tokens and payloads are not logged). */
/** `stream` 2 sends the lines to stderr (the CLI keeps stdout for its own output). */
export function createLogger(level: string, name = 'tessera', stream: 1 | 2 = 1): Logger {
  const options = { name, level, redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' } };
  // synchronous on stderr: a short command's last lines are written before it exits
  return stream === 1 ? pino(options) : pino(options, pino.destination({ dest: 2, sync: true }));
}
