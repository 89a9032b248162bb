import { CUSTOMERS_PER_IMPORT_ENTRY, importFileEntries, importOutcome, SYSTEM_IMPORT } from '../../../src/ingest/import-access';
import { emptyFileReport, type ImportReport } from '../../../src/ingest/import-report';

const report: ImportReport = { runId: '17', source: 'shop', format: 'ndjson', location: '/x', files: [], skippedFiles: [], rejections: [], linked: 0 };
const file = { ...emptyFileReport('people.ndjson'), inserted: 3, updated: 1, rejected: 2, path: '/exports/people.ndjson', suppressed: 1 };
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('access-log entries of an import', () => {
  it('names the run, the file, who ran it and the counts; no fields, no values', () => {
    const [entry, ...more] = importFileEntries(report, file, { customerIds: [uuid(2), uuid(1), uuid(2)], unlinked: 0 }, { actor: 'alice', roles: ['operator'], client: 'tessera-cli' }, false);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      requestId: 'import-run-17',
      actor: 'alice',
      roles: ['operator'],
      purpose: 'import',
      client: 'tessera-cli',
      operationName: 'import shop people.ndjson',
      customerIds: [uuid(1), uuid(2)],
      fields: {},
      outcome: 'imported inserted=3 updated=1 unchanged=0 deleted=0 rejected=2 suppressed=1',
    });
    expect(entry!.queryHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it(`splits the customers of a big file into entries of ${CUSTOMERS_PER_IMPORT_ENTRY}, each with the counts and its part`, () => {
    const ids = Array.from({ length: 2 * CUSTOMERS_PER_IMPORT_ENTRY + 1 }, (_, i) => uuid(i));
    const entries = importFileEntries(report, file, { customerIds: ids, unlinked: 4 }, SYSTEM_IMPORT, false);
    expect(entries.map((e) => e.customerIds.length)).toEqual([CUSTOMERS_PER_IMPORT_ENTRY, CUSTOMERS_PER_IMPORT_ENTRY, 1]);
    expect(entries.flatMap((e) => e.customerIds)).toEqual(ids);
    expect(entries.map((e) => e.outcome.split(' ').slice(-2).join(' '))).toEqual(['unlinked=4 part=1/3', 'unlinked=4 part=2/3', 'unlinked=4 part=3/3']);
    expect(entries.every((e) => e.actor === 'system' && e.roles[0] === 'system')).toBe(true);
  });

  it('writes one entry for a file that touched nobody, and says when a run failed', () => {
    expect(importFileEntries(report, file, { customerIds: [], unlinked: 0 }, SYSTEM_IMPORT, true)).toHaveLength(1);
    expect(importOutcome(file, 0, 0, true)).toMatch(/^failed inserted=3 /);
  });
});
