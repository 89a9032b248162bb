import { randomUUID } from 'node:crypto';
import type { Policy } from '../privacy/policy';
import type { Condition, TraitSpec } from './definition';
import { countSql, governanceFor, previewSql, refreshSql, type Governance, type MembershipCounts } from './membership-sql';
import { SegmentError } from './segment-error';
import { policyProblems } from './segment-policy';
import type { ChangeRow, MemberRow, RefreshStats, SegmentRepository, SegmentRow } from './segment.repository';
import { validateDefinition } from './validate-definition';

/** Who asks, as segments need to know (the API's viewer, without depending on the API). */
export interface SegmentCaller {
  subject: string;
  roles: readonly string[];
  purpose: string;
  /** Every purpose the caller's token grants: a segment may be built for any of them. */
  purposes: readonly string[];
}

export interface SegmentServiceOptions {
  policy: Policy;
  traits: readonly TraitSpec[];
  /** Contact-fatigue window of marketing audiences, days (0: off). SEGMENT_FATIGUE_DAYS. */
  fatigueDays: number;
  now?: () => Date;
  /**
   * Brings what conditions read up to date before a refresh: the customer_metrics queue, which also
   * rewrites customer_attributes (cheap when the queue is empty).
   */
  beforeRefresh?: () => Promise<unknown>;
  /** How long create, update and refreshSegment wait for the refresh before it goes on in the background (0: not at all). */
  refreshWaitMs?: number;
  /** A background refresh failed (nobody awaits it any more). */
  onBackgroundError?: (segmentId: string, error: unknown) => void;
}

export interface SegmentInput {
  name?: string;
  description?: string;
  definition?: unknown;
  purpose?: string;
}

export interface Preview extends MembershipCounts {
  governance: Governance;
  sampleIds: string[];
}

const EVENT_TYPES_TTL_MS = 60_000;
/** Long enough for audiences of tens of thousands, well inside GRAPHQL_REQUEST_TIMEOUT_MS. */
export const DEFAULT_REFRESH_WAIT_MS = 5_000;

/** Segments: definitions checked against the caller's policy, governed membership, refreshes. */
export class SegmentService {
  private eventTypes: { at: number; types: Set<string> } | null = null;
  private readonly now: () => Date;
  /** Refreshes this process started and that have not finished, by segment (each after the one before). */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repo: SegmentRepository,
    private readonly options: SegmentServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The typed tree of a definition the caller may use, or a SegmentError naming every problem. */
  async parse(definition: unknown, caller: SegmentCaller): Promise<Condition> {
    const result = validateDefinition(definition, { traits: this.options.traits, eventTypes: await this.knownEventTypes() });
    if (!result.ok) throw new SegmentError('INVALID_DEFINITION', 'invalid segment definition', result.errors);
    this.authorise(result.condition, caller);
    return result.condition;
  }

  /** Refuses a definition with a condition on a field the caller may not read. */
  authorise(condition: Condition, caller: SegmentCaller): void {
    const problems = policyProblems(condition, this.options.policy.rulesFor(caller.roles, caller.purpose));
    if (problems.length > 0) {
      throw new SegmentError('POLICY_DENIED', `not allowed by the privacy policy for role ${caller.roles.join(', ')} and purpose ${caller.purpose}`, problems);
    }
  }

  /** The governance of a purpose: consent for its channel and the fatigue rule, or nothing. */
  governance(purpose: string): Governance {
    return governanceFor(this.options.policy.consentRequired(purpose), this.options.fatigueDays);
  }

  async preview(caller: SegmentCaller, definition: unknown, sample: number): Promise<Preview> {
    const condition = await this.parse(definition, caller);
    const governance = this.governance(caller.purpose);
    const [row] = await this.repo.query<MembershipCounts & { sample: string[] }>(previewSql(condition, governance, this.now(), sample));
    return { matched: row!.matched, withoutConsent: row!.withoutConsent, fatigued: row!.fatigued, members: row!.members, governance, sampleIds: row!.sample };
  }

  /** How many customers a definition selects, before governance (a quick size estimate). */
  async count(caller: SegmentCaller, definition: unknown): Promise<number> {
    const condition = await this.parse(definition, caller);
    const [row] = await this.repo.query<{ matched: number }>(countSql(condition, this.now()));
    return row!.matched;
  }

  async create(caller: SegmentCaller, input: SegmentInput): Promise<SegmentRow> {
    const purpose = this.purposeFor(caller, input.purpose);
    const definition = input.definition;
    await this.parse(definition, caller);
    const name = nameOf(input.name);
    const id = randomUUID();
    await this.write(() => this.repo.transaction((em) => this.repo.insert(em, { id, name, description: descriptionOf(input.description), definition, purpose, createdBy: caller.subject })));
    await this.refreshSoon(id);
    return (await this.repo.get(id))!;
  }

  async update(caller: SegmentCaller, id: string, input: SegmentInput, expectedVersion?: number): Promise<SegmentRow> {
    const current = await this.found(id);
    if (current.status === 'archived') throw new SegmentError('ARCHIVED', 'an archived segment cannot be changed');
    const purpose = input.purpose !== undefined ? this.purposeFor(caller, input.purpose) : current.purpose;
    const definition = input.definition ?? current.definition;
    await this.parse(definition, caller);
    const patch = { name: input.name !== undefined ? nameOf(input.name) : current.name, description: input.description !== undefined ? descriptionOf(input.description) : current.description, definition, purpose };
    await this.write(() =>
      this.repo.transaction(async (em) => {
        const locked = await this.repo.lock(em, id);
        if (!locked) throw new SegmentError('NOT_FOUND', 'no such segment');
        if (expectedVersion !== undefined && locked.version !== expectedVersion) {
          throw new SegmentError('VERSION_CONFLICT', `the segment is at version ${locked.version}, not ${expectedVersion}`);
        }
        return this.repo.update(em, id, patch);
      }),
    );
    await this.refreshSoon(id);
    return (await this.repo.get(id))!;
  }

  async archive(id: string, expectedVersion?: number): Promise<SegmentRow> {
    return this.repo.transaction(async (em) => {
      const locked = await this.repo.lock(em, id);
      if (!locked) throw new SegmentError('NOT_FOUND', 'no such segment');
      if (expectedVersion !== undefined && locked.version !== expectedVersion) {
        throw new SegmentError('VERSION_CONFLICT', `the segment is at version ${locked.version}, not ${expectedVersion}`);
      }
      return locked.status === 'archived' ? locked : this.repo.archive(em, id);
    });
  }

  /** Recomputes an active segment's membership under its purpose's governance and logs who entered and left. */
  async refresh(id: string): Promise<RefreshStats | null> {
    await this.options.beforeRefresh?.();
    return this.repo.transaction(async (em) => {
      const segment = await this.repo.lock(em, id);
      if (!segment || segment.status !== 'active') return null;
      // stored definitions were valid when written; the catalogue may have moved on since
      const result = validateDefinition(segment.definition, { traits: this.options.traits, eventTypes: await this.knownEventTypes() });
      if (!result.ok) throw new SegmentError('INVALID_DEFINITION', `segment ${id} no longer compiles`, result.errors);
      const governance = this.governance(segment.purpose);
      return this.repo.refresh(em, id, refreshSql(id, result.condition, governance, this.now()), governance);
    });
  }

  /**
   * Starts a refresh (after any this process is already running for the segment) and waits for it at most
   * refreshWaitMs: a large audience (minutes at a million members) goes on in the background, the segment
   * reads as `refreshing` and keeps its previous membership until the refresh commits. Errors within the
   * wait reach the caller; later ones go to onBackgroundError.
   */
  async refreshSoon(id: string): Promise<void> {
    const before = this.running.get(id) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.refresh(id));
    this.running.set(id, run);
    let waited = true;
    run.then(
      () => this.settled(id, run),
      (error) => {
        this.settled(id, run);
        if (!waited) this.options.onBackgroundError?.(id, error);
      },
    );
    const waitMs = this.options.refreshWaitMs ?? DEFAULT_REFRESH_WAIT_MS;
    if (waitMs <= 0) {
      // no wait at all: a zero timer could still lose the race to a small refresh
      waited = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    try {
      await Promise.race([run, timeout]);
    } finally {
      waited = false;
      clearTimeout(timer);
    }
  }

  /** True while a refresh this process started for the segment has not finished. */
  isRefreshing(id: string): boolean {
    return this.running.has(id);
  }

  private settled(id: string, run: Promise<unknown>): void {
    if (this.running.get(id) === run) this.running.delete(id);
  }

  /** Every active segment (after imports; `tessera segments refresh`). */
  async refreshAll(): Promise<{ id: string; stats: RefreshStats | null }[]> {
    const done = [];
    for (const id of await this.repo.activeIds()) done.push({ id, stats: await this.refresh(id) });
    return done;
  }

  get(id: string): Promise<SegmentRow | null> {
    return this.repo.get(id);
  }

  list(options: Parameters<SegmentRepository['list']>[0]): Promise<SegmentRow[]> {
    return this.repo.list(options);
  }

  /**
   * Refuses to show a segment's membership to a caller who could not have built it: a condition on a field
   * the caller may not read, or a consent-bound purpose whose channel is not the one the segment is governed by.
   */
  async checkReadable(caller: SegmentCaller, segment: SegmentRow): Promise<void> {
    const result = validateDefinition(segment.definition, { traits: this.options.traits, eventTypes: await this.knownEventTypes() });
    if (!result.ok) throw new SegmentError('INVALID_DEFINITION', 'the segment no longer compiles', result.errors);
    this.authorise(result.condition, caller);
    const channel = this.options.policy.consentRequired(caller.purpose);
    const governed = this.governance(segment.purpose).consentChannel;
    if (channel && channel.toLowerCase() !== governed) {
      throw new SegmentError('POLICY_DENIED', `purpose ${caller.purpose} needs ${channel} consent, and this segment is governed for ${governed ? `${governed} consent` : 'no consent'} (purpose ${segment.purpose})`);
    }
  }

  members(segmentId: string, first: number, after: string | null): Promise<MemberRow[]> {
    return this.repo.members(segmentId, first, after);
  }

  changes(segmentId: string, since: Date, first: number, after: [string, string] | null): Promise<ChangeRow[]> {
    return this.repo.changes(segmentId, since, first, after);
  }

  private async found(id: string): Promise<SegmentRow> {
    const segment = await this.repo.get(id);
    if (!segment) throw new SegmentError('NOT_FOUND', 'no such segment');
    return segment;
  }

  /** A purpose the caller's token grants and its role may act for; the request's purpose by default. */
  private purposeFor(caller: SegmentCaller, purpose: string | undefined): string {
    const chosen = purpose ?? caller.purpose;
    if (!caller.purposes.includes(chosen) || this.options.policy.rulesFor(caller.roles, chosen).refusal) {
      throw new SegmentError('INVALID_INPUT', `purpose must be one your token grants and your role may act for (${caller.purposes.join(', ')}), got "${chosen}"`);
    }
    return chosen;
  }

  /** Maps the unique-name violation to a caller's error. */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).constraint === 'segment_active_name_idx' || (error as { driverError?: { constraint?: string } }).driverError?.constraint === 'segment_active_name_idx') {
        throw new SegmentError('NAME_TAKEN', 'an active segment already has this name');
      }
      throw error;
    }
  }

  private async knownEventTypes(): Promise<Set<string>> {
    if (!this.eventTypes || Date.now() - this.eventTypes.at > EVENT_TYPES_TTL_MS) {
      this.eventTypes = { at: Date.now(), types: new Set(await this.repo.eventTypes()) };
    }
    return this.eventTypes.types;
  }
}

function nameOf(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.trim().length > 200) throw new SegmentError('INVALID_INPUT', 'name must be 1 to 200 characters');
  return name.trim();
}

function descriptionOf(description: unknown): string {
  if (description === undefined || description === null) return '';
  if (typeof description !== 'string' || description.length > 2000) throw new SegmentError('INVALID_INPUT', 'description must be at most 2000 characters');
  return description;
}
