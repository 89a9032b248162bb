import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { InvalidCursorError } from '../shared/cursor';

/** Errors a caller may see: a code and a message that leaks nothing. Everything else is masked. */
export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

export function unauthenticated(): GraphQLError {
  return new GraphQLError('invalid or missing bearer token', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

const SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // Refusals of the endpoint's limits (api/graphql/limits).
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'TOO_MANY_ALIASES',
  'TOO_MANY_ROOT_FIELDS',
  'REQUEST_TIMEOUT',
  'POLICY_DENIED',
  'PURPOSE_NOT_GRANTED',
]);

/** The error a resolver threw, under the GraphQL wrappers the executor and Apollo put around it. */
function rootCause(error: unknown): unknown {
  let inner = error;
  for (let depth = 0; depth < 5 && inner instanceof Error && 'originalError' in inner && inner.originalError; depth++) {
    inner = inner.originalError;
  }
  return inner;
}

/**
 * The one mapping from inner errors to what callers see. Unknown errors become a generic message;
 * the caller gets the request id to quote, the log gets the detail.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  original: unknown,
  report: (error: unknown) => void,
): GraphQLFormattedError {
  const inner = rootCause(original);
  if (inner instanceof InvalidCursorError) return { ...formatted, message: 'invalid cursor', extensions: { code: 'BAD_USER_INPUT' } };
  const code = formatted.extensions?.code;
  // type-graphql's role check says UNAUTHORIZED; callers see one uniform refusal.
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN') return { message: 'not allowed', path: formatted.path, extensions: { code: 'FORBIDDEN' } };
  // Apollo prefixes context errors ("Context creation failed: ..."); keep the message fixed.
  if (code === 'UNAUTHENTICATED') return { message: 'invalid or missing bearer token', extensions: { code } };
  if (typeof code === 'string' && SAFE_CODES.has(code)) {
    // a refusal's machine-readable reason (SAME_RECORD, VERSION_CONFLICT, …) is documented for callers to branch on
    const reason = formatted.extensions?.reason;
    const extensions = typeof reason === 'string' ? { code, reason } : { code };
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  report(inner);
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
