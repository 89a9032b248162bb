import { withSessionOptions } from '../../../src/db/connection-config';

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
});
