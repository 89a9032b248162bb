import { withSessionOptions } from '../../../src/db/connection-config';

// the parser pg itself uses (its own copy, whatever version it depends on)
const { parse } = require(require.resolve('pg-connection-string', { paths: [require.resolve('pg')] })) as {
  parse(url: string): Record<string, unknown>;
};

/** What pg reads from a URL, but its options. */
function pgReads(url: string): Record<string, unknown> {
  const { options: _options, ...rest } = parse(url);
  return { ...rest };
}

// pg replaces a client's `options` with a URL's own; these are what every client of ours is then given.
describe('withSessionOptions', () => {
  it('leaves a URL without options as it is, and gives ours', () => {
    const url = 'postgres://tessera:p%40ss@db.internal:6432/crm?sslmode=require';
    expect(withSessionOptions(url, '-c a=1', '-c b=2')).toEqual({ url, options: '-c a=1 -c b=2' });
  });

  it("moves a URL's own options after ours, and keeps the rest of the URL", () => {
    const given = 'postgres://tessera:p%40ss@db.internal:6432/crm?options=-c%20statement_timeout%3D5s&sslmode=require';
    const { url, options } = withSessionOptions(given, '-c jit=off');
    expect(options).toBe('-c jit=off -c statement_timeout=5s');
    expect(url).toBe('postgres://tessera:p%40ss@db.internal:6432/crm?sslmode=require');
  });

  it('reads a URL without a host, its socket directory given as a parameter, as pg does', () => {
    const { url, options } = withSessionOptions('postgres://tessera@/crm?host=/run/postgresql&options=-c%20a%3D1', '-c jit=off');
    expect(options).toBe('-c jit=off -c a=1');
    expect(url).toBe('postgres://tessera@/crm?host=%2Frun%2Fpostgresql');
  });

  it('gives ours with a socket path, which carries no options', () => {
    expect(withSessionOptions('/var/run/postgresql crm', '-c jit=off')).toEqual({ url: '/var/run/postgresql crm', options: '-c jit=off' });
  });

  // each URL as an operator might write it; the rewritten one must read, to pg, as the given one but its options
  it.each([
    ['a raw space in the options', 'postgres://u:secret@h:5433/db?options=-c statement_timeout=5s', '-c statement_timeout=5s'],
    ['a stray % in the password and a raw space', 'postgres://u:ab%cd@h/db?options=-c statement_timeout=5s', '-c statement_timeout=5s'],
    // pg encodes the whole URL first, so it reads `%3D` as itself
    ['a stray % in the password', 'postgres://u:ab%zd@h/db?options=-c%20a%3D1', '-c a%3D1'],
    ['an encoded + in the password and a raw space', 'postgres://u:p%2Bq@h/db?options=-c a=1&sslmode=disable', '-c a=1'],
    ['an encoded + in the password', 'postgres://u:p%2Bq@h/db?options=-c%20a%3D1', '-c a=1'],
    ['repeated options (pg reads the last)', 'postgres://u@h/db?options=-c%20a%3D1&application_name=x&options=-c%20b%3D2', '-c b=2'],
    ['empty options', 'postgres://u@h/db?options=&application_name=x', ''],
    ['an @/ in the query only', 'postgres://u@h/db?application_name=a@/b&options=-c%20a%3D1', '-c a=1'],
    ['no host, a raw space', 'postgres://u@/db?host=/run/postgresql&options=-c a=1', '-c a=1'],
    ['an IPv6 host', 'postgres://u:x@[::1]:5432/db?options=-c%20a%3D1', '-c a=1'],
  ])('%s: pg reads the same connection, and our options then theirs', (_, given, theirs) => {
    const { url, options } = withSessionOptions(given, '-c jit=off');
    expect(pgReads(url)).toEqual(pgReads(given));
    expect(parse(url).options).toBeUndefined();
    expect(parse(given).options ?? '').toBe(theirs);
    expect(options).toBe(['-c jit=off', theirs].filter(Boolean).join(' '));
  });

  it('gives pg a URL it fails on as it failed on the given one', () => {
    const given = 'postgres://u:ab%cd@h/db?options=-c%20a%3D1'; // `%cd` looks encoded: pg decodes it, and fails
    expect(() => parse(given)).toThrow(URIError);
    expect(() => parse(withSessionOptions(given, '-c jit=off').url)).toThrow(URIError);
  });
});
