import { randomUUID } from 'node:crypto';
import { assignCustomerIds, type ClusterMember } from './assign-customer-ids';
import { blockingKeys } from './engine/blocking';
import { toMatchRecord, type MatchRecord } from './engine/match-record';
import type { CountryCode } from './matching/normalise-phone';
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from './identity-config';
import { chooseModel, modelFor, type StoredModel } from './resolution/estimate';
import { lineageEvents } from './resolution/lineage';
import { effectiveProbability, resolveRegion, type RegionResult } from './resolution/resolve-region';
import type { ResolutionStoreRepository } from './resolution-store.repository';
import type { PersonRow, ResolveRepository } from './resolve.repository';

export interface ResolveSummary {
  mode: 'full' | 'incremental';
  /** live person records and customers after the run */
  records: number;
  customers: number;
  /** records re-clustered by this run (all of them in full mode) */
  resolvedRecords: number;
  /** candidate pairs compared */
  pairs: number;
  reviewPairs: number;
  modelEstimated: boolean;
  created: number;
  merged: number;
  moved: number;
  removed: number;
  ms: number;
}

export interface ResolveOptions {
  /** recompute every cluster (the result is the same as incremental; ids stay stable) */
  full?: boolean;
  /** re-estimate the model even if the stored one is current (full mode) */
  estimate?: boolean;
}

export interface ResolveSettings extends IdentityConfig {
  defaultRegion: CountryCode;
}

/** Bump when blocking keys or normalisation change: every record is then re-keyed and re-resolved. */
export const KEY_VERSION = 1;
/** pg advisory lock: one resolution at a time per database (imports, CLI, human decisions). */
const LOCK_KEY = 7_311_001;

interface Run {
  mode: 'full' | 'incremental';
  persons: PersonRow[];
  previousIds: string[];
  linkScope: 'all' | string[];
  model: StoredModel;
  changed: PersonRow[];
  forgotten: string[];
  actor: string;
  reason: string;
  started: number;
  modelEstimated: boolean;
}

/**
 * Probabilistic resolution with stable ids. Full mode resolves every live person record; incremental
 * mode (the default once a model exists) re-clusters only the records new or changed since the last
 * run and the customers they can touch, with the stored model, and yields the same clusters.
 */
export class ResolveService {
  constructor(
    private readonly reads: ResolveRepository,
    private readonly store: ResolutionStoreRepository,
    readonly settings: ResolveSettings = { ...DEFAULT_IDENTITY_CONFIG, defaultRegion: 'US' },
    private readonly newId: () => string = randomUUID,
  ) {}

  async resolve(options: ResolveOptions = {}): Promise<ResolveSummary> {
    return this.locked(() => this.resolveUnlocked(options, [], 'system', 'resolution'));
  }

  /** Re-clusters the customers around these records now (after a human decision), with pending changes. */
  async reclusterAround(recordIds: string[], actor: string, reason: string): Promise<ResolveSummary> {
    return this.locked(() => this.resolveUnlocked({}, recordIds, actor, reason));
  }

  toMatchRecord(p: PersonRow): MatchRecord {
    return toMatchRecord(p.id, p.source, p.person, { defaultRegion: this.settings.defaultRegion, junk: this.settings.junk });
  }

  private async resolveUnlocked(options: ResolveOptions, seeds: string[], actor: string, reason: string): Promise<ResolveSummary> {
    const started = Date.now();
    const stored = await this.reads.latestModel();
    if (options.full || !stored) return this.full(options, stored, started, actor, reason);
    const { records } = await this.reads.totals();
    if (chooseModel(stored, records, this.settings, false) !== 'keep') return this.full(options, stored, started, actor, reason);
    return this.incremental(stored, seeds, started, actor, reason);
  }

  private async full(options: ResolveOptions, stored: StoredModel | undefined, started: number, actor: string, reason: string) {
    const persons = await this.reads.livePersons();
    const records = persons.map((p) => this.toMatchRecord(p));
    const [changedIds, removed] = await Promise.all([this.reads.changedRecordIds(KEY_VERSION), this.reads.removedRecords()]);
    const changedSet = new Set(changedIds);
    await this.store.writeBlockKeys(keysOf(records.filter((r) => changedSet.has(r.id))), removed.map((r) => r.id));
    const choice = chooseModel(stored, records.length, this.settings, Boolean(options.estimate));
    const model =
      choice === 'keep' && stored
        ? stored
        : await this.saveModel(modelFor(choice === 'keep' ? 'default' : choice, records, this.settings.maxBlockSize), choice === 'estimate', records.length);
    const result = resolveRegion(records, model.model, await this.reads.decisions(), this.settings);
    return this.commit(result, {
      mode: 'full',
      persons,
      previousIds: await this.reads.existingCustomerIds(),
      linkScope: 'all',
      model,
      changed: persons.filter((p) => changedSet.has(p.id)),
      forgotten: removed.map((r) => r.id),
      actor,
      reason: `${reason} (full)`,
      started,
      modelEstimated: choice === 'estimate',
    });
  }

  private async incremental(model: StoredModel, seeds: string[], started: number, actor: string, reason: string) {
    const [changedIds, removed] = await Promise.all([this.reads.changedRecordIds(KEY_VERSION), this.reads.removedRecords()]);
    const changed = await this.reads.personsByIds(changedIds);
    const changedRecords = changed.map((p) => this.toMatchRecord(p));
    await this.store.writeBlockKeys(keysOf(changedRecords), removed.map((r) => r.id));
    const start = new Set([...changedIds, ...removed.map((r) => r.id), ...seeds]);
    for (const id of await this.newNeighbours(changedRecords, model)) start.add(id);
    const region = await this.closure(start);
    const persons = await this.reads.personsByIds([...region]);
    const records = persons.map((p) => this.toMatchRecord(p));
    const excluded = await this.reads.oversizedKeys([...new Set(records.flatMap((r) => blockingKeys(r)))], this.settings.maxBlockSize);
    const decisions = await this.reads.decisions([...region]);
    const result = resolveRegion(records, model.model, decisions, { ...this.settings, excludedKeys: new Set(excluded) });
    const previous = new Set<string>();
    for (const p of persons) if (p.customerId) previous.add(p.customerId);
    for (const r of removed) if (r.customerId) previous.add(r.customerId);
    return this.commit(result, {
      mode: 'incremental',
      persons,
      previousIds: [...previous],
      linkScope: [...region],
      model,
      changed,
      forgotten: removed.map((r) => r.id),
      actor,
      reason,
      started,
      modelEstimated: false,
    });
  }

  /** Existing records that a new or changed record now scores at or above the review threshold with. */
  private async newNeighbours(changed: MatchRecord[], model: StoredModel): Promise<string[]> {
    const pairs = await this.reads.blockedPairs(keysOf(changed), this.settings.maxBlockSize);
    const known = new Map(changed.map((r) => [r.id, r]));
    const others = [...new Set(pairs.map(([, b]) => b))].filter((id) => !known.has(id));
    for (const p of await this.reads.personsByIds(others)) known.set(p.id, this.toMatchRecord(p));
    const out: string[] = [];
    for (const [a, b] of pairs) {
      const x = known.get(a);
      const y = known.get(b);
      if (x && y && effectiveProbability(x, y, model.model, this.settings) >= this.settings.reviewThreshold) out.push(b);
    }
    return out;
  }

  /** Whole components and customers around the start records. */
  private async closure(start: Set<string>): Promise<Set<string>> {
    const region = new Set(start);
    let frontier = [...start];
    while (frontier.length > 0) {
      frontier = (await this.reads.neighbours(frontier)).filter((id) => !region.has(id));
      for (const id of frontier) region.add(id);
    }
    return region;
  }

  private async commit(result: RegionResult, run: Run): Promise<ResolveSummary> {
    const customerOf = new Map(run.persons.map((p) => [p.id, p.customerId]));
    const clusters: ClusterMember[][] = result.clusters.map((ids) => ids.map((id) => ({ recordId: id, customerId: customerOf.get(id) ?? null })));
    const assignment = assignCustomerIds(clusters, run.previousIds, this.newId);
    const moves: { recordId: string; customerId: string }[] = [];
    const touched = new Set<string>(assignment.created);
    for (const [recordId, customerId] of assignment.customerOf) {
      if (customerOf.get(recordId) === customerId) continue;
      moves.push({ recordId, customerId });
      touched.add(customerId);
    }
    await this.store.apply({
      created: assignment.created,
      moves,
      aliases: assignment.aliases,
      removed: [...assignment.aliases.keys(), ...assignment.emptied],
      links: result.links,
      linkScope: run.linkScope === 'all' ? 'all' : [...run.linkScope, ...run.forgotten],
      modelId: run.model.id,
      events: lineageEvents(clusters, assignment),
      actor: run.actor,
      reason: run.reason,
      resolved: run.changed.map((p) => ({ recordId: p.id, contentHash: p.contentHash })),
      keyVersion: KEY_VERSION,
      forgotten: run.forgotten,
    });
    for (const id of await this.store.staleCustomerIds()) touched.add(id);
    await this.store.refreshSummaries([...touched]);
    if (run.mode === 'full' || assignment.created.length + moves.length > 1000) await this.reads.analyze();
    const totals = await this.reads.totals();
    return {
      mode: run.mode,
      ...totals,
      resolvedRecords: run.persons.length,
      pairs: result.stats.pairs,
      reviewPairs: result.links.filter((l) => l.decision === 'review').length,
      modelEstimated: run.modelEstimated,
      created: assignment.created.length,
      merged: assignment.aliases.size,
      moved: moves.length,
      removed: assignment.emptied.length,
      ms: Date.now() - run.started,
    };
  }

  private async saveModel(model: StoredModel['model'], estimated: boolean, recordCount: number): Promise<StoredModel> {
    const id = await this.reads.saveModel(model, estimated, recordCount);
    return { id, model, estimated, recordCount };
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.reads.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}

function keysOf(records: MatchRecord[]): Map<string, string[]> {
  return new Map(records.map((r) => [r.id, [...new Set(blockingKeys(r))]]));
}
