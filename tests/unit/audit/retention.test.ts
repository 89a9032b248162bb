import type { PruneResult } from '../../../src/audit/audit-checkpoints';
import { scheduleRetention } from '../../../src/audit/retention';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduleRetention', () => {
  it('prunes every interval, never two at once, reports failures and keeps going, stops', async () => {
    let calls = 0;
    let active = 0;
    let overlapped = false;
    const pruned: PruneResult[] = [];
    const failed: string[] = [];
    const schedule = scheduleRetention(
      async () => {
        calls += 1;
        active += 1;
        overlapped ||= active > 1;
        await sleep(35);
        active -= 1;
        if (calls === 1) throw new Error('database away');
        return { removed: calls, prunedThrough: 10, checkpoint: null };
      },
      { pruned: (r) => pruned.push(r), failed: (e) => failed.push(e.message) },
      10,
    );
    await sleep(150);
    schedule.stop();
    await sleep(50);
    const after = calls;
    await sleep(50);
    expect(calls).toBe(after);
    expect(overlapped).toBe(false);
    expect(failed).toEqual(['database away']);
    expect(pruned.length).toBeGreaterThanOrEqual(1);
  });
});
