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
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one mapping from inner errors to what callers see. Unknown errors become a generic message;
 * the caller gets the request id to quote, the log gets the detail.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  original: unknown,
  report: (error: unknown) => void,
): GraphQLFormattedError {
  const inner = original instanceof GraphQLError ? (original.originalError ?? original) : original;
  if (inner instanceof InvalidCursorError) return { ...formatted, message: 'invalid cursor', extensions: { code: 'BAD_USER_INPUT' } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && SAFE_CODES.has(code)) {
    // type-graphql's access denial carries its own message; make it uniform.
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  if (inner && (inner as Error).name === 'ForbiddenError') {
    return { message: 'not allowed', path: formatted.path, extensions: { code: 'FORBIDDEN' } };
  }
  if (inner && (inner as Error).name === 'UnauthorizedError') {
    return { message: 'invalid or missing bearer token', path: formatted.path, extensions: { code: 'UNAUTHENTICATED' } };
  }
  report(inner);
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
