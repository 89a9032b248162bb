import pino, { type DestinationStream, type Logger } from 'pino';
import { errSerializer } from './error-serializer';

/**
 * JSON logs; never with personal values (SQL parameters, tokens and payloads are not logged): every error
 * logged under `err` goes through errSerializer, which drops a failed statement's values.
 * `destination` 2 sends the lines to stderr (the CLI keeps stdout for its own output); a stream is for tests.
 */
export function createLogger(level: string, name = 'tessera', destination: 1 | 2 | DestinationStream = 1): Logger {
  const options = {
    name,
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    serializers: { err: errSerializer, error: errSerializer },
  };
  if (destination === 1) return pino(options);
  // synchronous on stderr: a short command's last lines are written before it exits
  return pino(options, destination === 2 ? pino.destination({ dest: 2, sync: true }) : destination);
}
