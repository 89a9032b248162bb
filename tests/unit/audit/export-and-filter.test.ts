import { DENIED_ATTEMPT, filterSql } from '../../../src/audit/access-log-filter';
import { csvLine, CSV_COLUMNS, ndjsonLine, prunedLine } from '../../../src/audit/export-log';
import { chainEntries, GENESIS_HASH } from '../../../src/audit/hash-chain';
import { pgArrayLiteral } from '../../../src/db/pg-array';
import { CUSTOMER_A, entry } from './entries';

describe('auditor filters', () => {
  it('matches everything when empty', () => {
    expect(filterSql({})).toEqual({ where: 'true', params: [] });
  });

  it('puts each condition in its indexed form, with numbered parameters', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    expect(filterSql({ actor: 'a', role: 'marketing', customerId: CUSTOMER_A.toUpperCase(), field: 'ProfileEmail.value', decision: 'masked', from }, 3)).toEqual({
      where: 'actor = $3 AND roles @> ARRAY[$4]::text[] AND customer_ids @> ARRAY[$5]::uuid[] AND field_set IN (SELECT id FROM access_field_set WHERE fields @> jsonb_build_object($6::text, $7::text)) AND at >= $8',
      params: ['a', 'marketing', CUSTOMER_A, 'ProfileEmail.value', 'masked', from],
    });
  });

  it('picks the field sets with that decision, or with that field; denied alone is every denied attempt', () => {
    expect(filterSql({ decision: 'masked' }).where).toBe('field_set IN (SELECT id FROM access_field_set WHERE decisions @> ARRAY[$1]::text[])');
    expect(filterSql({ decision: 'denied' }).where).toBe(DENIED_ATTEMPT);
    expect(DENIED_ATTEMPT).toContain(`OR outcome = 'denied'`);
    expect(filterSql({ field: 'Customer.id' }).where).toBe('field_set IN (SELECT id FROM access_field_set WHERE fields ? $1)');
  });
});

describe('export lines', () => {
  const [e] = chainEntries({ position: 0, hash: GENESIS_HASH }, [entry(1, { client: 'tool, "v2"' })]);

  it('writes NDJSON with the hashes, one entry per line', () => {
    const line = ndjsonLine(e);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(e);
  });

  it('writes CSV with quoted cells where needed and lists joined by ;', () => {
    const line = csvLine(e);
    expect(line).toContain(',"tool, ""v2""",');
    expect(line).toContain('Customer.displayName=allowed;ProfileEmail.value=masked');
    expect(line.split(',').length).toBeGreaterThanOrEqual(CSV_COLUMNS.length);
  });
});

describe('the line that says the log was pruned', () => {
  const p = { through: 42, hash: 'a'.repeat(64), checkpointPosition: 97, prunedAt: '2026-11-27T09:00:00.000000Z', keptFrom: '2026-10-28T10:00:00.000000Z' };

  it('is an object with `pruned` (no position) in NDJSON', () => {
    expect(JSON.parse(prunedLine(p, 'ndjson'))).toEqual({ pruned: p });
  });

  it('is a row with an empty position in CSV, the pruning as its outcome and the hash the oldest kept entry links to', () => {
    const cells = prunedLine(p, 'csv').trimEnd().split(',');
    expect(cells).toHaveLength(CSV_COLUMNS.length);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i]]));
    expect(row).toMatchObject({ position: '', at: p.prunedAt, outcome: `pruned through=42 checkpoint=97 kept_from=${p.keptFrom}`, hash: p.hash, prev_hash: '' });
  });
});

describe('pgArrayLiteral', () => {
  it('quotes and escapes every element', () => {
    expect(pgArrayLiteral([])).toBe('{}');
    expect(pgArrayLiteral(['a', 'b"c', 'd\\e', 'f,g'])).toBe('{"a","b\\"c","d\\\\e","f,g"}');
  });
});
