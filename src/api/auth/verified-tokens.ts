import type { Viewer } from './roles';

interface Verified {
  viewer: Viewer;
  /** The token may be used from this time (nbf minus the clock skew) … */
  fromMs: number;
  /** … until this one: its exp plus the skew, or the cache's own limit if sooner. */
  untilMs: number;
}

/**
 * Tokens that passed every check recently, by their exact text (signature included, so a hit is the very
 * token that was verified). A client sends the same token with every request; checking its signature and
 * claims again each time was a measurable share of a profile request. A hit still honours exp and nbf;
 * `maxAgeMs` bounds how long a token outlives a key removed from the JWKS or a secret changed in place.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(token: string, now = Date.now()): Viewer | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (now >= hit.untilMs) {
      this.entries.delete(token);
      return undefined;
    }
    return now >= hit.fromMs ? hit.viewer : undefined;
  }

  /** `claims`: the verified token's exp and nbf (seconds), with the skew the verification allowed. */
  set(token: string, viewer: Viewer, claims: { exp: number; nbf?: number }, skewSeconds: number, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) {
      // Map iteration is insertion order: drop the oldest.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const untilMs = Math.min((claims.exp + skewSeconds) * 1000, now + this.maxAgeMs);
    const fromMs = claims.nbf === undefined ? 0 : (claims.nbf - skewSeconds) * 1000;
    this.entries.set(token, { viewer: Object.freeze({ ...viewer, roles: [...viewer.roles], purposes: [...viewer.purposes] }), fromMs, untilMs });
  }
}
