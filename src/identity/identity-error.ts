/** A request the identity domain refuses, with a code the API layer maps (never a GraphQL error here). */
export type IdentityErrorCode =
  | 'INVALID_INPUT'
  | 'RECORD_NOT_FOUND'
  | 'NOT_A_PERSON'
  | 'SAME_RECORD'
  | 'NOTHING_TO_SPLIT'
  /** keepApart of two records that are one customer (splitRecord takes a record out) */
  | 'SAME_CUSTOMER'
  /** withdrawDecision of a pair nobody decided */
  | 'NO_DECISION';

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}
