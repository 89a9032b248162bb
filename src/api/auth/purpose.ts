import type { Viewer } from './roles';
import { PURPOSE_NAME } from './token-claims';

/** The request header that narrows a request to one of the token's purposes. */
export const PURPOSE_HEADER = 'x-tessera-purpose';

/**
 * A purpose the token does not grant. Unlike a bad token this is a 403: the caller is known, the
 * purpose is not theirs. The message may be shown; it only repeats what the caller sent.
 */
export class PurposeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PurposeError';
  }
}

/**
 * The viewer for this request: unchanged without a header, else narrowed to the one purpose asked for,
 * which must be among those the token grants. Never widens.
 */
export function narrowPurpose(viewer: Viewer, requested: string | undefined): Viewer {
  const purpose = requested?.trim();
  if (!purpose) return viewer;
  if (!PURPOSE_NAME.test(purpose)) throw new PurposeError('X-Tessera-Purpose must name one purpose (lower-case letters, digits, _)');
  if (!viewer.purposes.includes(purpose)) throw new PurposeError(`purpose ${purpose} is not granted by this token`);
  return { ...viewer, purpose, purposes: [purpose] };
}
