import DataLoader from 'dataloader';
import { JourneyRepository, type JourneyEntryRow, type JourneyQuery } from '../journey/journey.repository';
import type { CustomerBundle, CustomerRepository, ResolvedCustomer } from './customer.repository';
import type { RecordRow } from './records';

type SourceKey = { source: string; externalId: string };
const keyOf = (k: SourceKey) => `${k.source}\u0000${k.externalId}`;

/** Groups rows by a key in the order of the requested keys ([] for misses), as DataLoader requires. */
function groupBy<T>(keys: readonly string[], rows: T[], keyOfRow: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOfRow(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** Latest email activity kept per customer (the journey has all of it). */
const ACTIVITY_LIMIT = 100;

/** One set per request, so batching and caching never leak between callers. */
export function createCustomerLoaders(customers: CustomerRepository, journey: JourneyRepository) {
  const journeyLoaders = new Map<string, DataLoader<string, JourneyEntryRow[]>>();
  // Accounts reached any other way still load; accounts of a loaded bundle are primed and cost nothing.
  const accountOpportunities = new DataLoader<SourceKey, RecordRow[], string>(
    async (keys) => groupBy(keys.map(keyOf), await customers.opportunitiesOfAccounts(keys), (r) => `${r.source}\u0000${String(r.data.accountId)}`),
    { cacheKeyFn: keyOf },
  );
  const bundle = new DataLoader<string, CustomerBundle>(async (ids) => {
    const byId = new Map((await customers.bundles(ids, ACTIVITY_LIMIT)).map((b) => [b.customerId, b]));
    return ids.map((id) => {
      const b = byId.get(id) ?? { customerId: id, records: [], activity: [], accounts: [], accountOpportunities: [] };
      for (const account of b.accounts) {
        const key = { source: account.source, externalId: account.externalId };
        accountOpportunities.prime(key, b.accountOpportunities.filter((o) => o.source === account.source && o.data.accountId === account.externalId));
      }
      return b;
    });
  });
  return {
    customer: new DataLoader<string, ResolvedCustomer | null>(async (ids) => {
      const rows = await customers.findByIds(ids);
      const byRequested = new Map(rows.map((r) => [r.requestedId, r]));
      return ids.map((id) => byRequested.get(id) ?? null);
    }),
    payload: new DataLoader<string, Record<string, unknown> | null>(async (ids) => {
      const byId = new Map((await customers.payloads(ids)).map((r) => [r.id, r.payload]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Records, activity and CRM accounts of a customer: one statement for every customer in the batch. */
    bundle,
    records: { load: async (id: string) => (await bundle.load(id)).records },
    activity: { load: async (id: string) => (await bundle.load(id)).activity },
    accounts: { load: async (id: string) => (await bundle.load(id)).accounts },
    accountOpportunities,
    /** A loader per distinct set of journey arguments: customers asked with the same arguments batch together. */
    journey(query: JourneyQuery): DataLoader<string, JourneyEntryRow[]> {
      const cacheKey = JSON.stringify(query);
      let loader = journeyLoaders.get(cacheKey);
      if (!loader) {
        loader = new DataLoader(async (ids) => groupBy(ids, await journey.pages(ids, query), (r) => r.customerId));
        journeyLoaders.set(cacheKey, loader);
      }
      return loader;
    },
  };
}

export type CustomerLoaders = ReturnType<typeof createCustomerLoaders>;
