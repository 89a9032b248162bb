import type { ChainedEntry } from '../../../src/audit/access-entry';
import type { StoredLink } from '../../../src/identity/identity.repository';
import { ownAccessEntry, ownLink } from '../../../src/subject-requests/other-people';

const own = new Set(['carol', 'carol-merged']);

describe("withholding other people's ids from a person's export", () => {
  const entry: ChainedEntry = {
    at: '2026-11-29T00:00:00.000000Z', requestId: 'r1', actor: 'agent', roles: ['support_agent'], purpose: 'support',
    client: null, operationName: null, queryHash: null, customerIds: ['bob', 'carol', 'ana', 'carol-merged'],
    fields: {}, outcome: 'ok', position: 7, prevHash: 'p', hash: 'h',
  };

  it("keeps the person's own ids of an access entry and counts the others", () => {
    expect(ownAccessEntry(entry, own)).toEqual({ ...entry, customerIds: ['carol', 'carol-merged'], otherCustomers: 2 });
    expect(ownAccessEntry({ ...entry, customerIds: ['carol'] }, own)).toMatchObject({ customerIds: ['carol'], otherCustomers: 0 });
  });

  const link: StoredLink = {
    recordA: '1', recordB: '2', customerA: 'carol', customerB: 'carol', probability: 0.4, weight: -1, blockingRule: 'email',
    decision: 'review', rule: 'between thresholds', impact: 3, scoredAt: new Date(0),
  };

  it("blanks the side of a pair that is another customer's record, on either side", () => {
    expect(ownLink(link, own)).toBe(link);
    expect(ownLink({ ...link, customerB: 'bob' }, own)).toEqual({ ...link, recordB: null, customerB: null });
    expect(ownLink({ ...link, customerA: 'bob' }, own)).toEqual({ ...link, recordA: null, customerA: null });
    expect(ownLink({ ...link, customerA: null }, own)).toEqual({ ...link, recordA: null, customerA: null });
  });
});
