import { fillPage, MAX_READS, type PageSource } from '../../../src/api/graphql/filled-page';

/** Rows 0..n-1 in key order, a visibility per row, and a count of reads. */
function source(visibility: boolean[]): PageSource<number, number> & { reads: number } {
  const rows = visibility.map((_, i) => i);
  const s = {
    reads: 0,
    async read(after: number | undefined, count: number) {
      s.reads++;
      return rows.filter((r) => after === undefined || r > after).slice(0, count);
    },
    cursorOf: (row: number) => row,
    async visible(batch: number[]) {
      return batch.map((r) => visibility[r]!);
    },
  };
  return s;
}

async function everyPage(visibility: boolean[], first: number): Promise<{ shown: number[]; pages: number[][]; shortWithMore: number }> {
  const s = source(visibility);
  const pages: number[][] = [];
  let after: number | undefined;
  let shortWithMore = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fillPage(first, after, s);
    pages.push(page.shown);
    if (page.hasNextPage && page.shown.length < first) shortWithMore++;
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  return { shown: pages.flat(), pages, shortWithMore };
}

describe('fillPage', () => {
  it('shows full pages past hidden rows and, page after page, every visible row once and in order', async () => {
    const visibility = Array.from({ length: 230 }, (_, i) => i % 3 !== 0 && i % 7 !== 2);
    const expected = visibility.flatMap((v, i) => (v ? [i] : []));
    for (const first of [1, 2, 5, 20, 100]) {
      const { shown, pages, shortWithMore } = await everyPage(visibility, first);
      expect(shown).toEqual(expected);
      expect(pages.slice(0, -1).every((p) => p.length === first)).toBe(true);
      expect(shortWithMore).toBe(0);
    }
  });

  it('takes one read when nothing is hidden, and says when the rows end', async () => {
    const s = source(Array(10).fill(true));
    expect(await fillPage(4, undefined, s)).toEqual({ shown: [0, 1, 2, 3], endCursor: 3, hasNextPage: true });
    expect(s.reads).toBe(1);
    expect(await fillPage(4, 7, s)).toEqual({ shown: [8, 9], endCursor: 9, hasNextPage: false });
    expect(await fillPage(2, 7, s)).toEqual({ shown: [8, 9], endCursor: 9, hasNextPage: false });
  });

  it('stops after a bounded number of reads in a long hidden run, short but with more to come, and resumes after it', async () => {
    const visibility = [...Array(500).fill(false), true, true, true];
    const s = source(visibility);
    const page = await fillPage(2, undefined, s);
    expect(s.reads).toBe(MAX_READS);
    expect(page.shown).toEqual([]);
    expect(page.hasNextPage).toBe(true);
    const { shown } = await everyPage(visibility, 2);
    expect(shown).toEqual([500, 501, 502]);
  });

  it('ends with no next page when every remaining row is hidden', async () => {
    const page = await fillPage(3, undefined, source([true, false, false]));
    expect(page).toEqual({ shown: [0], endCursor: 2, hasNextPage: false });
  });
});
