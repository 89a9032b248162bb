/** Why a token was refused. The reason is for the log; the caller only ever sees the fixed message. */
export class TokenError extends Error {
  constructor(readonly reason: string) {
    super('invalid or missing bearer token');
    this.name = 'TokenError';
  }
}
