/** Rows per set-based statement (arrays bound as parameters). */
export const CHUNK = 10_000;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * One statement per chunk of `items`, building the next chunk's parameters (`params`) while PostgreSQL runs
 * this one's (`send`): the two take turns on one core each instead of on one core in turn. One statement is
 * in flight at a time, so the connection never queues.
 */
export function writeChunks<T, P>(items: T[], params: (part: T[]) => P, send: (params: P, part: T[]) => Promise<unknown>, size = CHUNK): Promise<void> {
  return writeRanges(
    items.length,
    (from, to) => params(items.slice(from, to)),
    (p, from, to) => send(p, items.slice(from, to)),
    size,
  );
}

/** writeChunks over `[from, to)` ranges of `total` rows held elsewhere (columns, not a list). */
export async function writeRanges<P>(total: number, params: (from: number, to: number) => P, send: (params: P, from: number, to: number) => Promise<unknown>, size = CHUNK): Promise<void> {
  let running: Promise<unknown> | undefined;
  for (let from = 0; from < total; from += size) {
    const to = Math.min(total, from + size);
    const next = params(from, to);
    await running;
    running = send(next, from, to);
    // awaited on the next turn; until then a failure must not count as unhandled
    running.catch(() => undefined);
  }
  await running;
}
