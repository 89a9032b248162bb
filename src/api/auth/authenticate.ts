import { narrowPurpose, PurposeError, PURPOSE_HEADER } from './purpose';
import type { Viewer } from './roles';
import { bearerToken } from './tokens';
import { verifyToken, type VerifySettings } from './verify-token';

export type Authentication =
  | { viewer: Viewer }
  /** `reason` is for the log only; callers see `message`. `viewer`: the verified caller a purpose was refused to (for the access log). */
  | { refused: { status: 401 | 403; code: 'UNAUTHENTICATED' | 'PURPOSE_NOT_GRANTED'; message: string; reason: string; viewer?: Viewer } };

/**
 * Who is calling, for every HTTP entry point (GraphQL, exports): the bearer token verified, then the
 * purpose narrowed by the `X-Tessera-Purpose` header (never widened).
 */
export async function authenticate(tokens: VerifySettings, header: (name: string) => string | undefined): Promise<Authentication> {
  let viewer: Viewer;
  try {
    viewer = await verifyToken(tokens, bearerToken(header('authorization')));
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return { refused: { status: 401, code: 'UNAUTHENTICATED', message: 'invalid or missing bearer token', reason } };
  }
  try {
    return { viewer: narrowPurpose(viewer, header(PURPOSE_HEADER)) };
  } catch (error) {
    if (!(error instanceof PurposeError)) throw error;
    return { refused: { status: 403, code: 'PURPOSE_NOT_GRANTED', message: error.message, reason: error.message, viewer } };
  }
}
