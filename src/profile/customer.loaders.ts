import DataLoader from 'dataloader';
import { JourneyRepository, type JourneyEntryRow, type JourneyQuery } from '../journey/journey.repository';
import type { CustomerRepository, ResolvedCustomer } from './customer.repository';
import type { RecordRow } from './records';

type SourceKey = { source: string; externalId: string };
const keyOf = (k: SourceKey) => `${k.source}\u0000${k.externalId}`;

/** Groups rows by a key in the order of the requested keys ([] for misses), as DataLoader requires. */
function groupBy<T>(keys: readonly string[], rows: T[], keyOfRow: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOfRow(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** One set per request, so batching and caching never leak between callers. */
export function createCustomerLoaders(customers: CustomerRepository, journey: JourneyRepository) {
  const journeyLoaders = new Map<string, DataLoader<string, JourneyEntryRow[]>>();
  return {
    customer: new DataLoader<string, ResolvedCustomer | null>(async (ids) => {
      const rows = await customers.findByIds(ids);
      const byRequested = new Map(rows.map((r) => [r.requestedId, r]));
      return ids.map((id) => byRequested.get(id) ?? null);
    }),
    records: new DataLoader<string, RecordRow[]>(async (ids) => groupBy(ids, await customers.recordsOf(ids), (r) => r.customerId)),
    payload: new DataLoader<string, Record<string, unknown> | null>(async (ids) => {
      const byId = new Map((await customers.payloads(ids)).map((r) => [r.id, r.payload]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    activity: new DataLoader<string, RecordRow[]>(async (ids) => groupBy(ids, await customers.activityOf(ids, 100), (r) => r.customerId)),
    accounts: new DataLoader<SourceKey, RecordRow | null, string>(
      async (keys) => {
        const rows = await customers.recordsByKey('account', keys);
        const byKey = new Map(rows.map((r) => [keyOf(r), r]));
        return keys.map((k) => byKey.get(keyOf(k)) ?? null);
      },
      { cacheKeyFn: keyOf },
    ),
    accountOpportunities: new DataLoader<SourceKey, RecordRow[], string>(
      async (keys) => {
        const rows = await customers.opportunitiesOfAccounts(keys);
        return groupBy(keys.map(keyOf), rows, (r) => `${r.source}\u0000${String(r.data.accountId)}`);
      },
      { cacheKeyFn: keyOf },
    ),
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
