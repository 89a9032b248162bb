import type { StoredModel } from './resolution/estimate';

/** Which stored model is the latest: its id and its revision (bumped when an erasure changes it in place). */
export interface ModelStamp {
  id: string;
  revision: number;
}

/** The two reads the cache needs (ResolveRepository, inside or outside a transaction). */
export interface ModelReads {
  latestModel(): Promise<StoredModel | undefined>;
  latestModelStamp(): Promise<ModelStamp | undefined>;
}

/**
 * The latest stored model, held in memory and read again only when the latest id or revision is not the one
 * held: its JSON (term frequencies) is 2.5 MB at 10^6 records and took 0.3 s to read and parse, once per
 * explanation before this, and the compiled tables (compiled-model.ts) are kept per model object. One per
 * process, shared by resolution and explanation.
 */
export class ModelCache {
  private held: StoredModel | undefined;
  /**
   * Reads under way, one per reads object, shared by callers that ask for the same stamp through the same reads
   * meanwhile (explanations at start-up). Never across reads: a resolution holds its lock and a transaction's
   * connection, and joining a read that waits for a pool connection could wait on itself.
   */
  private readonly reading = new Map<ModelReads, { key: string; model: Promise<StoredModel | undefined> }>();

  /** The latest model, after one short read of which it is. */
  async latest(reads: ModelReads): Promise<StoredModel | undefined> {
    return this.at(reads, await reads.latestModelStamp());
  }

  /** The model `stamp` names as the latest (read by the caller already: resolution's status), none for none. */
  async at(reads: ModelReads, stamp: ModelStamp | undefined): Promise<StoredModel | undefined> {
    if (!stamp) return undefined;
    if (this.held?.id === stamp.id && this.held.revision === stamp.revision) return this.held;
    const key = `${stamp.id}/${stamp.revision}`;
    const under = this.reading.get(reads);
    const model = await (under?.key === key ? under.model : this.read(reads, key));
    this.held = model;
    return model;
  }

  private read(reads: ModelReads, key: string): Promise<StoredModel | undefined> {
    const model = reads.latestModel().finally(() => {
      if (this.reading.get(reads)?.model === model) this.reading.delete(reads);
    });
    this.reading.set(reads, { key, model });
    return model;
  }
}
