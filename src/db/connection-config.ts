import type { ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Settings every connection of ours starts with. No JIT: our statements are short batches costed high
 * whenever statistics lag the data (a drained queue still counted at half a million rows). PostgreSQL then
 * compiled 300 functions for seconds to run a statement that takes milliseconds: a traits batch of 5,000
 * customers at 10^6 took 4.7–5.5 s with JIT and 0.8–1.0 s without, and an empty one 3.8 s (docs/metrics.md).
 */
export const SESSION_OPTIONS = '-c jit=off';

/** The pool's own addition (data-source.ts): its named statements are planned once per connection. */
export const GENERIC_PLANS = '-c plan_cache_mode=force_generic_plan';

/** What a URL without a host (`postgres://user@/db`) is parsed with, as pg does when it cannot parse it as given. */
const STAND_IN_HOST = 'tessera-no-host';

/** pg's own first step: a URL with a raw space or a stray `%` is encoded before it is parsed (pg-connection-string). */
const LOOSELY_ENCODED = / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i;

/** A connection URL parsed as pg parses it, or none where pg reads no URL (a socket path) or cannot parse it. */
function parseAsPg(url: string): { parsed: URL; standIn: boolean } | undefined {
  if (url.startsWith('/')) return undefined; // `/var/run/postgresql dbname`
  const encoded = LOOSELY_ENCODED.test(url) ? encodeURI(url).replace(/%25(\d\d)/g, '%$1') : url;
  try {
    return { parsed: new URL(encoded, 'postgres://base'), standIn: false };
  } catch {
    // `postgres://user@/db?host=/run/postgresql`: a socket directory given as a parameter
  }
  try {
    return { parsed: new URL(encoded.replace('@/', `@${STAND_IN_HOST}/`), 'postgres://base'), standIn: true };
  } catch {
    return undefined; // pg fails on it too, with its own message
  }
}

/**
 * A connection URL and the start-up options to give with it: ours, then the URL's own `options=` (a
 * search_path, a statement_timeout). pg lets a URL's options replace a client's whole, which dropped ours
 * silently; now both apply, the URL's last so that an operator's explicit setting wins. The URL given back
 * reads, to pg, as the one given in every other part (tests/unit/db/session-options.test.ts).
 */
export function withSessionOptions(url: string, ...ours: string[]): { url: string; options: string } {
  const read = parseAsPg(url);
  const given = read?.parsed.searchParams.getAll('options') ?? [];
  if (!read || given.length === 0) return { url, options: ours.join(' ') };
  read.parsed.searchParams.delete('options');
  const rewritten = read.parsed.toString();
  // pg reads the last of repeated options; an empty one only cleared ours
  const theirs = given[given.length - 1].trim();
  return {
    url: read.standIn ? rewritten.replace(`@${STAND_IN_HOST}/`, '@/') : rewritten,
    options: [...ours, theirs].filter((o) => o !== '').join(' '),
  };
}

/** How a worker thread (or any connection of its own) connects: the DataSource's own settings, its connect timeout included. */
export function connectionOf(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as { url?: string; host?: string; port?: number; username?: string; password?: unknown; database?: string; ssl?: unknown; extra?: { options?: string; Client?: { connectTimeoutMs?: number } } };
  const connectionTimeoutMillis = o.extra?.Client?.connectTimeoutMs;
  // the pool's options (an operator's from the URL among them) without its generic plans, which suit only its named statements
  const options = (o.extra?.options ?? SESSION_OPTIONS).replace(GENERIC_PLANS, '').trim();
  if (o.url) return { connectionString: o.url, ssl: o.ssl as ClientConfig['ssl'], connectionTimeoutMillis, options };
  return {
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof o.password === 'string' ? o.password : undefined,
    database: o.database,
    ssl: o.ssl as ClientConfig['ssl'],
    connectionTimeoutMillis,
    options,
  };
}
