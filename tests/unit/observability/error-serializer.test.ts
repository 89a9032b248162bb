import { QueryFailedError } from 'typeorm';
import { errorTextForLog, errSerializer } from '../../../src/observability/error-serializer';

/** A node-postgres error as the driver builds it (the integration test gets real ones from PostgreSQL). */
function pgError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', ...fields });
}

describe('errSerializer (every logger: `err`)', () => {
  it('drops the parameters, values and detail of a failed statement, at every level, and keeps its SQL and code', () => {
    const driver = pgError('duplicate key value violates unique constraint "contact_email_key"', {
      code: '23505',
      detail: 'Key (email)=(aisha.smith@gmail.com) already exists.',
      constraint: 'contact_email_key',
    });
    const error = new QueryFailedError('INSERT INTO contact (email)\n   VALUES ($1)', ['aisha.smith@gmail.com'], driver);
    const out = errSerializer(Object.assign(error, { values: ['x'], params: ['y'] })) as Record<string, any>;
    expect(JSON.stringify(out)).not.toMatch(/aisha|"x"|"y"/);
    expect(out).toMatchObject({ type: 'QueryFailedError', code: '23505', constraint: 'contact_email_key', query: 'INSERT INTO contact (email) VALUES ($1)' });
    expect(out.driverError).toMatchObject({ code: '23505' });
    expect(out.driverError).not.toHaveProperty('detail');
  });

  it("takes the quoted value out of a data exception's message and stack", () => {
    const error = pgError('invalid input syntax for type uuid: "aisha.smith@gmail.com"', { code: '22P02' });
    const out = errSerializer(error) as Record<string, string>;
    expect(out.message).toBe('invalid input syntax for type uuid: "…"');
    expect(out.stack).not.toContain('aisha');
    expect(errorTextForLog(error)).not.toContain('aisha');
    // other classes quote names, not values: kept
    expect((errSerializer(pgError('relation "customer" does not exist', { code: '42P01' })) as { message: string }).message).toBe('relation "customer" does not exist');
  });

  it('leaves anything that is not an error as it is', () => {
    expect(errSerializer('text')).toBe('text');
    expect(errSerializer(undefined)).toBeUndefined();
  });
});
