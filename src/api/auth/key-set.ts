import { readFile } from 'node:fs/promises';
import { parseJwks, type JwksKey } from './jwks';
import { TokenError } from './token-error';

export type JwksSource = { file: string } | { url: string };

export interface KeySetOptions {
  source: JwksSource;
  /** Keys older than this are fetched again before use. */
  cacheSeconds: number;
  /** An unknown kid (or a stale cache) fetches the key set at most once per this many seconds. */
  refetchCooldownSeconds: number;
  /** Fetching a URL gives up after this long. */
  timeoutMs?: number;
  /** Told about keys that were left out and fetches that failed; never about tokens. */
  warn?: (message: string) => void;
  /** Milliseconds; a test moves time without sleeping. */
  now?: () => number;
}

const MAX_JWKS_BYTES = 1024 * 1024;

/**
 * The RS256/ES256 keys of a JWKS, by kid, cached. Rotation: when a token names a kid we do not have, the
 * key set is fetched again, but at most once per cooldown, so a flood of made-up kids cannot turn into a
 * flood of fetches. A failed fetch keeps the keys we had.
 */
export class KeySet {
  private keys?: Map<string, JwksKey>;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private lastError?: string;
  private readonly now: () => number;

  constructor(private readonly options: KeySetOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Reads the key set now; at start-up, so a wrong path or URL fails before the first request. */
  async load(): Promise<void> {
    await this.refresh();
    if (!this.keys) throw new Error(`cannot read the JWKS from ${describe(this.options.source)}: ${this.lastError}`);
  }

  /** The key for `kid`, fetching the key set when it is stale or does not know the kid (rate-limited). */
  async keyFor(kid: string): Promise<JwksKey> {
    if (!this.keys || this.isStale()) await this.refreshIfAllowed();
    const known = this.keys?.get(kid);
    if (known) return known;
    await this.refreshIfAllowed();
    return this.known(kid);
  }

  /**
   * The key for `kid` from what is already cached, for callers that cannot wait. An unknown kid still
   * starts a (rate-limited) fetch in the background, so a rotated key is accepted soon after.
   */
  cachedKeyFor(kid: string): JwksKey {
    if (!this.keys?.has(kid) || this.isStale()) void this.refreshIfAllowed();
    return this.known(kid);
  }

  private known(kid: string): JwksKey {
    if (!this.keys) throw new TokenError(`key set unavailable: ${this.lastError ?? 'not loaded yet'}`);
    const key = this.keys.get(kid);
    if (!key) throw new TokenError(`unknown kid ${JSON.stringify(kid.slice(0, 64))}`);
    return key;
  }

  private isStale(): boolean {
    return this.now() - this.fetchedAt >= this.options.cacheSeconds * 1000;
  }

  private async refreshIfAllowed(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.now() - this.attemptedAt < this.options.refetchCooldownSeconds * 1000) return;
    return this.refresh();
  }

  /** One fetch at a time; concurrent callers wait for the same one. Never rejects. */
  private refresh(): Promise<void> {
    this.inFlight ??= (async () => {
      this.attemptedAt = this.now();
      try {
        const parsed = parseJwks(JSON.parse(await this.read()));
        if (parsed.skipped.length > 0) this.options.warn?.(`JWKS keys left out: ${parsed.skipped.join('; ')}`);
        this.keys = parsed.keys;
        this.fetchedAt = this.now();
        this.lastError = undefined;
      } catch (error) {
        this.lastError = (error as Error).message;
        this.options.warn?.(`JWKS fetch from ${describe(this.options.source)} failed: ${this.lastError}`);
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  private async read(): Promise<string> {
    const { source } = this.options;
    if ('file' in source) return readFile(source.file, 'utf8');
    // The URL is the configured one, never one a token names; redirects are refused to keep it that way.
    const response = await fetch(source.url, {
      redirect: 'error',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error('JWKS larger than 1 MB');
    return text;
  }
}

function describe(source: JwksSource): string {
  return 'file' in source ? source.file : source.url;
}
