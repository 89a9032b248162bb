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
  /** A read under way, shared by callers that ask for the same stamp meanwhile (explanations at start-up). */
  private reading: { key: string; model: Promise<StoredModel | undefined> } | undefined;

  /** The latest model, after one short read of which it is. */
  async latest(reads: ModelReads): Promise<StoredModel | undefined> {
    return this.at(reads, await reads.latestModelStamp());
  }

  /** The model `stamp` names as the latest (read by the caller already: resolution's status), none for none. */
  async at(reads: ModelReads, stamp: ModelStamp | undefined): Promise<StoredModel | undefined> {
    if (!stamp) return undefined;
    if (this.held?.id === stamp.id && this.held.revision === stamp.revision) return this.held;
    const key = `${stamp.id}/${stamp.revision}`;
    if (this.reading?.key !== key) {
      const model = reads.latestModel().finally(() => {
        if (this.reading?.model === model) this.reading = undefined;
      });
      this.reading = { key, model };
    }
    const model = await this.reading.model;
    this.held = model;
    return model;
  }
}
