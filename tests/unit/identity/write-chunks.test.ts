// writeChunks builds a chunk's parameters while the previous chunk's statement runs, with one statement in
// flight at a time, in order, and fails as the statement or the parameters fail.
import { writeChunks } from '../../../src/identity/sql-chunks';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('writeChunks', () => {
  it('sends every chunk in order, one at a time, each built before the previous one ends', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let most = 0;
    await writeChunks(
      [1, 2, 3, 4, 5, 6, 7],
      (part) => {
        events.push(`build ${part.join(',')}`);
        return part.map((x) => x * 10);
      },
      async (params, part) => {
        most = Math.max(most, ++inFlight);
        events.push(`send ${params.join(',')}`);
        await tick();
        events.push(`done ${part.join(',')}`);
        inFlight--;
      },
      3,
    );
    expect(most).toBe(1);
    expect(events).toEqual([
      'build 1,2,3',
      'send 10,20,30',
      // the next chunk is built while the first is still running
      'build 4,5,6',
      'done 1,2,3',
      'send 40,50,60',
      'build 7',
      'done 4,5,6',
      'send 70',
      'done 7',
    ]);
  });

  it('sends nothing for no items', async () => {
    const send = jest.fn(async () => undefined);
    await writeChunks([], (part) => part, send);
    expect(send).not.toHaveBeenCalled();
  });

  it('fails with the failing statement, and sends no chunk after it', async () => {
    const sent: number[][] = [];
    const run = writeChunks(
      [1, 2, 3, 4, 5],
      (part) => part,
      async (part) => {
        sent.push(part);
        await tick();
        if (part[0] === 3) throw new Error('statement failed');
      },
      2,
    );
    await expect(run).rejects.toThrow('statement failed');
    expect(sent).toEqual([[1, 2], [3, 4]]);
  });

  it('fails with the parameters that could not be built, and leaves no rejection unhandled', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const run = writeChunks(
        [1, 2, 3, 4],
        (part) => {
          if (part[0] === 3) throw new Error('bad parameters');
          return part;
        },
        async () => {
          await tick();
          throw new Error('statement failed too');
        },
        2,
      );
      await expect(run).rejects.toThrow('bad parameters');
      await tick();
      await tick();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
