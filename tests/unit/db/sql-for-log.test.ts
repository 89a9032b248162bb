import { sqlForLog } from '../../../src/db/query-counter';

describe('sqlForLog', () => {
  it('puts a statement on one line', () => {
    expect(sqlForLog('SELECT 1\n   FROM  t\n')).toBe('SELECT 1 FROM t');
  });
  it('cuts a long statement and says how long it was', () => {
    const long = `SELECT ${'x, '.repeat(300)}y`;
    const logged = sqlForLog(long, 50);
    expect(logged.startsWith('SELECT x, x,')).toBe(true);
    expect(logged).toMatch(/… \(\d+ chars\)$/);
    expect(logged.length).toBeLessThan(70);
  });
});
