import type { CustomerProfile, CustomerRepository, ProfileOptions } from './customer.repository';

/** What the per-request loaders need to read profiles: the repository itself, or a batcher in front of it. */
export type ProfileReader = Pick<CustomerRepository, 'profiles'>;

interface Waiter {
  ids: readonly string[];
  resolve(profiles: CustomerProfile[]): void;
  reject(error: unknown): void;
}

interface Batch {
  options: ProfileOptions;
  ids: Set<string>;
  waiters: Waiter[];
}

/**
 * Coalesces the profile reads of concurrent requests into one statement. Each request still has its own
 * DataLoaders (its own cache and row checks, which run on what comes back); only the SQL round trip is
 * shared, by requests that asked for the same plan within one turn of the event loop. Under load that turns
 * a statement per request into a statement per handful of requests: each statement costs the server a socket
 * write and the database an executor start, which dominate a profile read. Nothing is kept between turns.
 */
export class ProfileBatcher implements ProfileReader {
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly customers: ProfileReader,
    /** A batch is sent at once when it holds this many customers, without waiting for the turn to end. */
    private readonly maxIds = 200,
  ) {}

  profiles(requestedIds: readonly string[], options: ProfileOptions): Promise<CustomerProfile[]> {
    const key = JSON.stringify(options);
    let batch = this.batches.get(key);
    if (!batch) {
      batch = { options, ids: new Set(), waiters: [] };
      this.batches.set(key, batch);
      const scheduled = batch;
      setImmediate(() => this.send(key, scheduled));
    }
    const result = new Promise<CustomerProfile[]>((resolve, reject) => batch.waiters.push({ ids: requestedIds, resolve, reject }));
    for (const id of requestedIds) batch.ids.add(id);
    if (batch.ids.size >= this.maxIds) this.send(key, batch);
    return result;
  }

  private send(key: string, batch: Batch): void {
    if (this.batches.get(key) !== batch) return; // already sent because it was full
    this.batches.delete(key);
    this.customers.profiles([...batch.ids], batch.options).then(
      (profiles) => {
        const byRequested = new Map(profiles.map((p) => [p.customer.requestedId, p]));
        for (const waiter of batch.waiters) {
          const own: CustomerProfile[] = [];
          for (const id of waiter.ids) {
            const found = byRequested.get(id);
            if (found) own.push(found);
          }
          waiter.resolve(own);
        }
      },
      (error: unknown) => {
        for (const waiter of batch.waiters) waiter.reject(error);
      },
    );
  }
}
