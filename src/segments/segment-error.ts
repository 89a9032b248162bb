export type SegmentErrorCode = 'INVALID_DEFINITION' | 'INVALID_INPUT' | 'POLICY_DENIED' | 'NOT_FOUND' | 'VERSION_CONFLICT' | 'ARCHIVED' | 'NAME_TAKEN';

/** A refusal the caller can act on; the API maps the code (POLICY_DENIED stays, the rest is BAD_USER_INPUT). */
export class SegmentError extends Error {
  constructor(
    readonly code: SegmentErrorCode,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length > 0 ? `${message}: ${problems.join('; ')}` : message);
    this.name = 'SegmentError';
  }
}
