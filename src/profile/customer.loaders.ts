import DataLoader from 'dataloader';
import { JourneyRepository, type JourneyEntryRow, type JourneyQuery } from '../journey/journey.repository';
import type { CustomerBundle, CustomerRepository, ResolvedCustomer } from './customer.repository';
import type { ProfileReader } from './profile-batcher';

/** What to read with a customer in its one statement: the GraphQL layer derives it from the query. */
export interface ProfilePlan {
  withBundle: boolean;
  /** Latest email activity to read with the bundle (0 for none). */
  activityLimit: number;
  journey: JourneyQuery | null;
  /** Read the computed traits (customer_metrics) too. */
  withMetrics?: boolean;
}
import type { CustomerMetrics } from '../metrics/customer-metrics';
import { hasConsent } from '../privacy/consent';
import { consentsOf } from './channel-views';
import type { AccountOpportunityRow, FactRow } from './records';

type SourceKey = { source: string; externalId: string };
const keyOf = (k: SourceKey) => `${k.source}\u0000${k.externalId}`;

/** Groups rows by a key in the order of the requested keys ([] for misses), as DataLoader requires. */
function groupBy<T>(keys: readonly string[], rows: T[], keyOfRow: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOfRow(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** Email activity read with a bundle nobody planned (the default page of `marketing.activity`). */
const DEFAULT_ACTIVITY_LIMIT = 20;

/** One set per request, so batching and caching never leak between callers. */
/**
 * Which customers a caller may see at all. `ownCustomerId`: only that customer (a customer viewing their own
 * profile). `consentChannel`: only customers whose sources consent to that channel (marketing purposes).
 */
export interface RowAccess {
  ownCustomerId: string | null;
  consentChannel: string | null;
}

export const ALL_ROWS: RowAccess = { ownCustomerId: null, consentChannel: null };

/** `profiles`: where profile reads go; the app passes a ProfileBatcher so concurrent requests share statements. */
export function createCustomerLoaders(
  customers: CustomerRepository,
  journey: JourneyRepository,
  access: RowAccess = ALL_ROWS,
  profiles: ProfileReader = customers,
) {
  const journeyLoaders = new Map<string, DataLoader<string, JourneyEntryRow[]>>();
  // Accounts reached any other way still load; accounts of a loaded bundle are primed and cost nothing.
  const accountOpportunities = new DataLoader<SourceKey, AccountOpportunityRow[], string>(
    async (keys) => groupBy(keys.map(keyOf), await customers.opportunitiesOfAccounts(keys), (r) => `${r.source}\u0000${String(r.data.accountId)}`),
    { cacheKeyFn: keyOf },
  );
  const primeAccounts = (b: CustomerBundle) => {
    for (const account of b.accounts) {
      const key = { source: account.source, externalId: account.externalId };
      accountOpportunities.prime(key, b.accountOpportunities.filter((o) => o.source === account.source && o.data.accountId === account.externalId));
    }
  };
  const bundle = new DataLoader<string, CustomerBundle>(async (ids) => {
    for (const id of ids) touched.add(id);
    const byId = new Map((await customers.bundles(ids, DEFAULT_ACTIVITY_LIMIT)).map((b) => [b.customerId, b]));
    return ids.map((id) => {
      const b = byId.get(id) ?? { customerId: id, records: [], activity: [], activityLimit: DEFAULT_ACTIVITY_LIMIT, accounts: [], accountOpportunities: [] };
      primeAccounts(b);
      return b;
    });
  });
  const journeyLoader = (query: JourneyQuery): DataLoader<string, JourneyEntryRow[]> => {
    const cacheKey = JSON.stringify(query);
    let loader = journeyLoaders.get(cacheKey);
    if (!loader) {
      loader = new DataLoader(async (ids) => groupBy(ids, await journey.pages(ids, query), (r) => r.customerId));
      journeyLoaders.set(cacheKey, loader);
    }
    return loader;
  };
  const longerActivity = new Map<number, DataLoader<string, FactRow[]>>();
  /** The latest `limit` activity records: from the bundle when it read that many, else one more statement. */
  const activity = (limit: number) => ({
    load: async (id: string): Promise<FactRow[]> => {
      const b = await bundle.load(id);
      if (b.activityLimit >= limit) return b.activity.slice(0, limit);
      let loader = longerActivity.get(limit);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const byId = new Map((await customers.bundles(ids, limit)).map((x) => [x.customerId, x.activity]));
          return ids.map((cid) => byId.get(cid) ?? []);
        });
        longerActivity.set(limit, loader);
      }
      return loader.load(id);
    },
  });
  /** Computed traits: primed by a profile that read them, else one statement per batch. */
  const metrics = new DataLoader<string, CustomerMetrics | null>(async (ids) => {
    for (const id of ids) touched.add(id);
    const byId = new Map((await customers.metrics(ids)).map((m) => [m.customerId, m]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const profileLoaders = new Map<string, DataLoader<string, ResolvedCustomer | null>>();
  const restricted = access.ownCustomerId !== null || access.consentChannel !== null;
  /** Every customer whose data this request read (for the access log). */
  const touched = new Set<string>();
  /**
   * Customers with what the plan asks for, in one statement; the other loaders are primed with the parts.
   * The one place rows are filtered: a customer the caller may not see is null, and nothing of it is primed.
   */
  const profile = (asked: ProfilePlan): DataLoader<string, ResolvedCustomer | null> => {
    // consent is decided on the customer's records, so a consent-bound caller always reads them
    const plan = access.consentChannel && !asked.withBundle ? { ...asked, withBundle: true } : asked;
    const cacheKey = JSON.stringify(plan);
    let loader = profileLoaders.get(cacheKey);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const found = (await profiles.profiles(ids, plan)).filter((p) => visible(p.customer, p.bundle));
        for (const p of found) touched.add(p.customer.id);
        const byRequested = new Map(found.map((p) => [p.customer.requestedId, p.customer]));
        for (const p of found) {
          if (p.bundle) {
            bundle.prime(p.customer.id, p.bundle);
            primeAccounts(p.bundle);
          }
          if (p.journey && plan.journey) journeyLoader(plan.journey).prime(p.customer.id, p.journey);
          if (p.metrics !== undefined) metrics.prime(p.customer.id, p.metrics);
        }
        return ids.map((id) => byRequested.get(id) ?? null);
      });
      profileLoaders.set(cacheKey, loader);
    }
    return loader;
  };
  const visible = (c: ResolvedCustomer, b: CustomerBundle | null): boolean => {
    if (access.ownCustomerId !== null && c.id !== access.ownCustomerId && c.requestedId !== access.ownCustomerId) return false;
    if (access.consentChannel !== null && !hasConsent(consentsOf(b?.records ?? []), access.consentChannel)) return false;
    return true;
  };
  return {
    profile,
    /** True when some customers may be invisible to this caller, so every path must go through profile(). */
    restricted,
    access,
    touched,
    payload: new DataLoader<string, Record<string, unknown> | null>(async (ids) => {
      const byId = new Map((await customers.payloads(ids)).map((r) => [r.id, r.payload]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Records, activity and CRM accounts of a customer: one statement for every customer in the batch. */
    bundle,
    records: { load: async (id: string) => (await bundle.load(id)).records },
    activity,
    accounts: { load: async (id: string) => (await bundle.load(id)).accounts },
    /**
     * An account's opportunities as this caller may see them. The account was reached through `viewedCustomerId`;
     * a row-restricted caller (own customer, consent) sees only that customer's deals, not those of the other
     * contacts of a shared (household) account, nor deals that name no contact.
     */
    accountOpportunities: {
      load: async (account: SourceKey, viewedCustomerId: string): Promise<FactRow[]> => {
        const rows = await accountOpportunities.load(account);
        return restricted ? rows.filter((o) => o.customerId === viewedCustomerId) : rows;
      },
    },
    metrics,
    /** A loader per distinct set of journey arguments: customers asked with the same arguments batch together. */
    journey: journeyLoader,
  };
}

export type CustomerLoaders = ReturnType<typeof createCustomerLoaders>;
