import { DatabaseUnreachableError, safeUrl } from '../../../src/db/database-unreachable';

const URL_WITH_SECRETS = 'postgres://tessera:hunter2@db.internal:5432/tessera?sslpassword=pw2&application_name=x';

describe('DatabaseUnreachableError', () => {
  it('names the setting and the URL without its password or query string', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const error = new DatabaseUnreachableError('DATABASE_URL', URL_WITH_SECRETS, refused);
    expect(error.message).toBe('the database at postgres://tessera@db.internal:5432/tessera (DATABASE_URL) could not be reached: connect ECONNREFUSED 10.0.0.5:5432');
    expect(error.cause).toBe(refused);
  });

  it('says the server refused when PostgreSQL answered with an error', () => {
    const auth = Object.assign(new Error('password authentication failed for user "tessera"'), { code: '28P01' });
    expect(new DatabaseUnreachableError('DATABASE_URL', 'postgres://tessera:pw@db/t', auth).message).toBe(
      'the database at postgres://tessera@db/t (DATABASE_URL) refused the connection: password authentication failed for user "tessera"',
    );
  });

  it('reads the reasons out of an AggregateError, which has no message of its own', () => {
    const both = new AggregateError([new Error('connect ECONNREFUSED ::1:1'), new Error('connect ECONNREFUSED 127.0.0.1:1')], '');
    expect(new DatabaseUnreachableError('DATABASE_URL', 'postgres://u@localhost:1/d', both).message).toBe(
      'the database at postgres://u@localhost:1/d (DATABASE_URL) could not be reached: connect ECONNREFUSED ::1:1; connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('never repeats the password, even when a reason would', () => {
    const message = new DatabaseUnreachableError('DATABASE_URL', URL_WITH_SECRETS, new Error('bad hunter2')).message;
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('pw2');
    expect(safeUrl('not a url hunter2')).toBe('(unparsable URL)');
  });

  it('names DB_CONNECT_TIMEOUT_MS when the server accepted the connection and never answered', () => {
    expect(new DatabaseUnreachableError('DATABASE_URL', 'postgres://u:pw@db/t', new Error('timeout expired'), 3000).message).toBe(
      'the database at postgres://u@db/t (DATABASE_URL) could not be reached: no answer within 3000 ms (DB_CONNECT_TIMEOUT_MS)',
    );
  });
});
