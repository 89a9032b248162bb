import { Readable } from 'node:stream';
import { readCsv, type CsvItem } from '../../../src/sources/salesforce/csv-rows';

const collect = async (input: Readable, maxRecordChars: number): Promise<CsvItem[]> => {
  const items: CsvItem[] = [];
  for await (const item of readCsv(input, { maxRecordChars })) items.push(item);
  return items;
};

describe('CSV rows: a quote never closed', () => {
  const rows = ['Id,Name,Title', '1,Ann,Boss', '2,Bob,"6 tall'];
  for (let i = 3; i < 3000; i++) rows.push(`${i},Name ${i},Title ${i}`);
  const text = rows.join('\n') + '\n';
  const chunks = () => {
    const parts: string[] = [];
    for (let at = 0; at < text.length; at += 4096) parts.push(text.slice(at, at + 4096));
    return parts;
  };

  it('refuses the row once it passes the limit and keeps the rows before it', async () => {
    const items = await collect(Readable.from(chunks()), 10_000);
    expect(items).toEqual([
      { line: 1, cells: ['Id', 'Name', 'Title'] },
      { line: 2, cells: ['1', 'Ann', 'Boss'] },
      { line: 3, error: expect.stringMatching(/longer than 10000 characters, most likely a quoted field that is not closed; the rest of the file was not read/) },
    ]);
  });

  it('under the limit, says the quote is not closed before the end of the file', async () => {
    const items = await collect(Readable.from(chunks()), 10_000_000);
    expect(items.slice(-1)).toEqual([{ line: 3, error: 'invalid CSV: a quoted field is not closed before the end of the file' }]);
    expect(items).toHaveLength(3);
  });
});
