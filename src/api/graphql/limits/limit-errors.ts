import { GraphQLError } from 'graphql';

/**
 * Codes of the refusals; formatError (api/errors.ts) lets them through. A refusal is the caller's
 * request, not the server's fault: HTTP 400, except the timeout (503: the same request may pass later).
 */
export const LIMIT_CODES = ['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS', 'REQUEST_TIMEOUT'] as const;
export type LimitCode = (typeof LIMIT_CODES)[number] | 'BAD_USER_INPUT';

export function limitError(code: LimitCode, message: string): GraphQLError {
  const status = code === 'REQUEST_TIMEOUT' ? 503 : 400;
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}
