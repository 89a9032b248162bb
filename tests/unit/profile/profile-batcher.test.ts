import type { CustomerProfile, ProfileOptions } from '../../../src/profile/customer.repository';
import { ProfileBatcher, type ProfileReader } from '../../../src/profile/profile-batcher';

const PLAN: ProfileOptions = { withBundle: true, activityLimit: 10, journey: null };
const OTHER_PLAN: ProfileOptions = { withBundle: false, activityLimit: 0, journey: null };

function profileOf(id: string): CustomerProfile {
  const customer = { requestedId: id, mergedFrom: null, id, displayName: id, createdAt: new Date(0), updatedAt: new Date(0) };
  return { customer, bundle: null, journey: null };
}

/** A reader that records each call (one call = one statement) and answers every id but "missing". */
function recordingReader() {
  const calls: { ids: string[]; options: ProfileOptions }[] = [];
  const reader: ProfileReader = {
    async profiles(ids, options) {
      calls.push({ ids: [...ids], options });
      return ids.filter((id) => id !== 'missing').map(profileOf);
    },
  };
  return { calls, reader };
}

const idsOf = (profiles: CustomerProfile[]) => profiles.map((p) => p.customer.requestedId);

describe('ProfileBatcher', () => {
  it('sends the reads of one turn with the same plan as one call and gives each caller its own customers', async () => {
    const { calls, reader } = recordingReader();
    const batcher = new ProfileBatcher(reader);
    const [a, b, c] = await Promise.all([
      batcher.profiles(['c1', 'c2'], PLAN),
      batcher.profiles(['c2', 'c3'], PLAN),
      batcher.profiles(['missing'], PLAN),
    ]);
    expect(calls).toEqual([{ ids: ['c1', 'c2', 'c3', 'missing'], options: PLAN }]);
    expect(idsOf(a)).toEqual(['c1', 'c2']);
    expect(idsOf(b)).toEqual(['c2', 'c3']);
    expect(c).toEqual([]);
  });

  it('keeps different plans apart', async () => {
    const { calls, reader } = recordingReader();
    const batcher = new ProfileBatcher(reader);
    await Promise.all([batcher.profiles(['c1'], PLAN), batcher.profiles(['c2'], OTHER_PLAN)]);
    expect(calls).toEqual([
      { ids: ['c1'], options: PLAN },
      { ids: ['c2'], options: OTHER_PLAN },
    ]);
  });

  it('does not hold reads of a later turn back, nor merge them into a batch already sent', async () => {
    const { calls, reader } = recordingReader();
    const batcher = new ProfileBatcher(reader);
    expect(idsOf(await batcher.profiles(['c1'], PLAN))).toEqual(['c1']);
    expect(idsOf(await batcher.profiles(['c2'], PLAN))).toEqual(['c2']);
    expect(calls.map((c) => c.ids)).toEqual([['c1'], ['c2']]);
  });

  it('sends a full batch at once and starts a new one', async () => {
    const { calls, reader } = recordingReader();
    const batcher = new ProfileBatcher(reader, 3);
    const results = await Promise.all([batcher.profiles(['c1', 'c2'], PLAN), batcher.profiles(['c3'], PLAN), batcher.profiles(['c4'], PLAN)]);
    expect(calls.map((c) => c.ids)).toEqual([['c1', 'c2', 'c3'], ['c4']]);
    expect(results.map(idsOf)).toEqual([['c1', 'c2'], ['c3'], ['c4']]);
  });

  it('fails every caller of a batch whose read failed, and recovers for the next one', async () => {
    let fail = true;
    const reader: ProfileReader = {
      async profiles(ids) {
        if (fail) throw new Error('connection lost');
        return ids.map(profileOf);
      },
    };
    const batcher = new ProfileBatcher(reader);
    const outcomes = await Promise.allSettled([batcher.profiles(['c1'], PLAN), batcher.profiles(['c2'], PLAN)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(idsOf(await batcher.profiles(['c1'], PLAN))).toEqual(['c1']);
  });
});
