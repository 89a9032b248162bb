import { emptyFileReport, formatImportReport, noteDuplicate, unusableFiles, type ImportReport, type Rejection } from '../../../src/ingest/import-report';

function report(over: Partial<ImportReport> = {}): ImportReport {
  return {
    runId: 'run-1',
    source: 'acme_crm',
    format: 'salesforce',
    location: '/exports/acme',
    files: [],
    skippedFiles: [],
    rejections: [],
    linked: 0,
    ...over,
  };
}

function rejections(n: number): Rejection[] {
  return Array.from({ length: n }, (_, i) => ({ file: 'Contact.csv', line: i + 2, reason: `bad row ${i + 1}` }));
}

describe('emptyFileReport', () => {
  it('starts every count at zero', () => {
    expect(emptyFileReport('Contact.csv')).toEqual({ file: 'Contact.csv', inserted: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0 });
  });
});

describe('formatImportReport', () => {
  it('prints only the header for an empty run', () => {
    expect(formatImportReport(report())).toBe('import acme_crm (salesforce) from /exports/acme  [run run-1]');
  });

  it('prints one aligned line per file (names padded to at least 12)', () => {
    const files = [
      { file: 'Account.csv', inserted: 3, updated: 1, unchanged: 0, deleted: 0, rejected: 0 },
      { file: 'Opportunity.csv', inserted: 10, updated: 0, unchanged: 5, deleted: 2, rejected: 1 },
    ];
    expect(formatImportReport(report({ files }))).toBe(
      [
        'import acme_crm (salesforce) from /exports/acme  [run run-1]',
        '  Account.csv      inserted 3  updated 1  unchanged 0  deleted 0  rejected 0',
        '  Opportunity.csv  inserted 10  updated 0  unchanged 5  deleted 2  rejected 1',
      ].join('\n'),
    );
  });

  it('gives a file rejected as a whole its reason on its own line, even past the listed rejected rows', () => {
    const files = [
      { file: 'Contact.csv', inserted: 3, updated: 0, unchanged: 0, deleted: 0, rejected: 60 },
      { file: 'Account.csv', inserted: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 1, unusable: 'missing column "Name"' },
    ];
    const all = [...rejections(60), { file: 'Account.csv', line: 0, reason: 'missing column "Name"' }];
    const lines = formatImportReport(report({ files, rejections: all })).split('\n');
    expect(lines[2]).toBe('  Account.csv   rejected as a whole, nothing imported: missing column "Name"');
    expect(lines.at(-1)).toBe('  … and 10 more (table import_rejection)');
    expect(lines.filter((l) => l.includes('Account.csv'))).toHaveLength(1);
    expect(unusableFiles(report({ files })).map((f) => f.file)).toEqual(['Account.csv']);
  });

  it('names the earlier runs it marked interrupted, under the header', () => {
    const committed = { inserted: 2000, updated: 3, unchanged: 1000, deleted: 1, rejected: 2 };
    const interrupted = [{ runId: '12', startedAt: new Date('2026-11-27T06:02:11.114Z'), committed }];
    const out = formatImportReport(report({ interrupted, files: [emptyFileReport('a.csv')] }));
    expect(out.split('\n').slice(0, 3)).toEqual([
      'import acme_crm (salesforce) from /exports/acme  [run run-1]',
      'run 12 of acme_crm (started 2026-11-27T06:02:11.114Z) stopped without finishing: marked interrupted; what it committed is kept: ' +
        'inserted 2000  updated 3  unchanged 1000  deleted 1  rejected 2',
      '  a.csv         inserted 0  updated 0  unchanged 0  deleted 0  rejected 0',
    ]);
  });

  it('pads short file names to 12 characters', () => {
    const out = formatImportReport(report({ files: [emptyFileReport('a.csv')] }));
    expect(out.split('\n')[1]).toBe('  a.csv         inserted 0  updated 0  unchanged 0  deleted 0  rejected 0');
  });

  it('lists skipped files and rejections', () => {
    const out = formatImportReport(
      report({
        skippedFiles: ['notes.txt', 'image.png'],
        rejections: [
          { file: 'Contact.csv', line: 7, reason: 'missing Id' },
          { file: 'Account.csv', line: 2, reason: 'bad date' },
        ],
      }),
    );
    expect(out).toBe(
      [
        'import acme_crm (salesforce) from /exports/acme  [run run-1]',
        'skipped (not a salesforce file): notes.txt, image.png',
        'rejected:',
        '  Contact.csv:7  missing Id',
        '  Account.csv:2  bad date',
      ].join('\n'),
    );
  });

  it.each([
    { name: 'fewer than the limit: all listed', count: 3, max: 5, listed: 3, more: null },
    { name: 'exactly the limit: all listed, no tail', count: 5, max: 5, listed: 5, more: null },
    { name: 'one over the limit', count: 6, max: 5, listed: 5, more: '  … and 1 more (table import_rejection)' },
    { name: 'far over the limit', count: 120, max: 5, listed: 5, more: '  … and 115 more (table import_rejection)' },
    { name: 'limit 0 lists none', count: 2, max: 0, listed: 0, more: '  … and 2 more (table import_rejection)' },
  ])('truncates rejections: $name', ({ count, max, listed, more }) => {
    const lines = formatImportReport(report({ rejections: rejections(count) }), max).split('\n');
    const expected = [
      'import acme_crm (salesforce) from /exports/acme  [run run-1]',
      'rejected:',
      ...rejections(listed).map((r) => `  ${r.file}:${r.line}  ${r.reason}`),
      ...(more ? [more] : []),
    ];
    expect(lines).toEqual(expected);
  });

  it('lists 50 rejections by default', () => {
    const lines = formatImportReport(report({ rejections: rejections(51) })).split('\n');
    expect(lines).toHaveLength(2 + 50 + 1);
    expect(lines[51]).toBe('  Contact.csv:51  bad row 50');
    expect(lines[52]).toBe('  … and 1 more (table import_rejection)');
  });
});

describe('duplicate ids in a file', () => {
  it('counts the copies, names the first five ids once each, and says which copy is kept', () => {
    const file = emptyFileReport('Contact.csv');
    for (const id of ['003A', '003B', '003A', '003C', '003D', '003E', '003F']) noteDuplicate(file, id);
    expect(file.duplicates).toEqual({ copies: 7, sample: ['003A', '003B', '003C', '003D', '003E'] });
    const other = { ...emptyFileReport('Account.csv'), inserted: 1 };
    expect(formatImportReport(report({ files: [file, other] })).split('\n').slice(3)).toEqual([
      'Contact.csv: 7 records repeat an id read earlier in the file (003A, 003B, 003C, 003D, 003E, …): one record is kept per id, ' +
        'the later copy unless it is older by its change time; the copies are counted in unchanged or updated',
    ]);
  });

  it('says nothing when no id repeats', () => {
    expect(formatImportReport(report({ files: [emptyFileReport('a.csv')] }))).not.toContain('repeat');
  });
});
