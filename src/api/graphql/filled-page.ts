/**
 * A keyset page of rows of which the caller may see only some (a purpose-limited role sees customers with
 * consent only): reads on past the hidden rows until `first` are shown or the rows run out, in at most
 * MAX_READS reads, so a page is short only when a long run of rows is hidden (and then says there is more).
 * Each read asks for twice what is still missing, as hidden rows are common.
 */
export const MAX_READS = 4;
const MAX_READ_SIZE = 100;

export interface FilledPage<T, C> {
  shown: T[];
  /** the position of the last row read up to and including the last one shown: where the next page starts */
  endCursor: C | undefined;
  hasNextPage: boolean;
}

export interface PageSource<T, C> {
  read(after: C | undefined, count: number): Promise<T[]>;
  cursorOf(row: T): C;
  visible(rows: T[]): Promise<boolean[]>;
}

export async function fillPage<T, C>(first: number, after: C | undefined, source: PageSource<T, C>): Promise<FilledPage<T, C>> {
  const shown: T[] = [];
  let position = after;
  for (let reads = 0; reads < MAX_READS; reads++) {
    const want = Math.min(2 * (first - shown.length), MAX_READ_SIZE);
    const rows = await source.read(position, want + 1);
    const batch = rows.slice(0, want);
    const seen = await source.visible(batch);
    for (let i = 0; i < batch.length; i++) {
      position = source.cursorOf(batch[i]!);
      if (seen[i]) shown.push(batch[i]!);
      if (shown.length === first) return { shown, endCursor: position, hasNextPage: i < batch.length - 1 || rows.length > want };
    }
    if (rows.length <= want) return { shown, endCursor: position, hasNextPage: false };
  }
  return { shown, endCursor: position, hasNextPage: true };
}
