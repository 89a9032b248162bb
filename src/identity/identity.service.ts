// What people (through the API) ask of identity resolution: why two records are or are not one
// customer, what links and history each customer has, the review queue, and human link/split
// decisions that re-cluster the affected customers at once and bind every later run.
import { decodeCursor, encodeCursor, InvalidCursorError } from '../shared/cursor';
import { defaultModel } from './engine/model';
import { score } from './engine/score';
import type { DecisionJournal, DecisionRequest } from './decision-access';
import { IdentityError } from './identity-error';
import type { HistoryEntry, HumanDecision, IdentityRepository, RecordRow, StoredLink } from './identity.repository';
import { deterministicRuleOf } from './resolution/resolve-region';
import type { ResolveRepository } from './resolve.repository';
import type { ResolveService, ResolveSummary } from './resolve.service';

export type { HistoryEntry, HumanDecision, StoredLink } from './identity.repository';

export interface EvidenceLine {
  /** an attribute, or 'prior' / 'family' (the family-rule cap) */
  attribute: string;
  level: string;
  /** log2 Bayes factor; the lines sum to totalWeight */
  weight: number;
  left?: string;
  right?: string;
}

export type PairDecision = 'match' | 'review' | 'no_match' | 'refused' | 'linked' | 'split';

export interface PairExplanation {
  recordA: string;
  recordB: string;
  evidence: EvidenceLine[];
  totalWeight: number;
  probability: number;
  conflicts: string[];
  decision: PairDecision;
  /** what decided: exact_email / match_threshold / review_band / below_review_threshold / manual_link / a refusal reason … */
  rule: string;
  thresholds: { match: number; review: number };
  /** whether the last resolution stored this pair (it is at or above the review threshold, or decided by a person) */
  stored: boolean;
  customerA: string | null;
  customerB: string | null;
  humanDecision: HumanDecision | null;
}

export interface ReviewPage {
  items: (StoredLink & { cursor: string })[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface DecisionResult {
  /** customer of each given record after re-clustering, in argument order */
  customerIds: (string | null)[];
  /**
   * Every customer the records of the customers involved belong to afterwards: re-clustering may move more
   * than the records named (a split can leave the remaining records in several customers).
   */
  affectedCustomerIds: string[];
  resolution: ResolveSummary;
}

const MAX_TEXT = 1000;

export class IdentityService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly resolveReads: ResolveRepository,
    private readonly resolver: ResolveService,
    /** Runs after a link or split re-clustered customers (the metrics recompute). */
    private readonly afterRecluster: () => Promise<unknown> = async () => undefined,
    /** Writes a decision's access-log entry inside the decision's transaction. */
    private readonly journal?: DecisionJournal,
  ) {}

  async explain(recordA: string, recordB: string): Promise<PairExplanation> {
    const [a, b] = await this.persons(recordA, recordB);
    const [lo, hi] = ordered(a.id, b.id);
    const [stored, human, model] = await Promise.all([this.repo.link(lo, hi), this.repo.decision(lo, hi), this.resolveReads.latestModel()]);
    const matchModel = model?.model ?? defaultModel();
    const ra = this.resolver.toMatchRecord({ ...a, person: a.person!, contentHash: '' });
    const rb = this.resolver.toMatchRecord({ ...b, person: b.person!, contentHash: '' });
    const s = score(ra, rb, matchModel);
    const settings = this.resolver.settings;
    const decided = human
      ? { decision: (human.kind === 'link' ? 'linked' : 'split') as PairDecision, rule: `manual_${human.kind}` }
      : stored
        ? { decision: stored.decision as PairDecision, rule: stored.rule }
        : pairwiseDecision(deterministicRuleOf(ra, rb, settings), s.probability, settings);
    return {
      recordA: a.id,
      recordB: b.id,
      evidence: s.evidence,
      totalWeight: s.weight,
      probability: s.probability,
      conflicts: s.conflicts,
      ...decided,
      thresholds: { match: settings.matchThreshold, review: settings.reviewThreshold },
      stored: Boolean(stored),
      customerA: a.customerId,
      customerB: b.customerId,
      humanDecision: human ?? null,
    };
  }

  /** For a DataLoader: the stored pairs touching each customer's records, in key order. */
  async linksOfCustomers(customerIds: readonly string[]): Promise<StoredLink[][]> {
    const rows = await this.repo.linksOfCustomers([...new Set(customerIds)]);
    return inKeyOrder(customerIds, rows, (r) => r.customerId, ({ customerId: _, ...link }) => link);
  }

  /** For a DataLoader: each customer's lineage (and that of ids merged into it), oldest first, in key order. */
  async historyOfCustomers(customerIds: readonly string[]): Promise<HistoryEntry[][]> {
    const rows = await this.repo.historyOfCustomers([...new Set(customerIds)]);
    return inKeyOrder(customerIds, rows, (r) => r.askedId, ({ askedId: _, ...entry }) => entry);
  }

  async reviewQueue(first: number, after?: string | null): Promise<ReviewPage> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new IdentityError('INVALID_INPUT', 'first must be between 1 and 100');
    const rows = await this.repo.reviewPage(first + 1, after ? decodeReviewCursor(after) : undefined);
    const items = rows.slice(0, first).map((r) => ({ ...r, cursor: encodeCursor([String(r.impact), r.recordA, r.recordB]) }));
    return { items, hasNextPage: rows.length > first, endCursor: items.length > 0 ? items[items.length - 1]!.cursor : null };
  }

  /** Records that two records are one person, re-clusters them now; later runs keep them together. */
  async link(recordA: string, recordB: string, actor: string, reason: string, request?: DecisionRequest): Promise<DecisionResult> {
    checkText(actor, 'actor');
    checkText(reason, 'reason');
    const [a, b] = await this.persons(recordA, recordB);
    const mates = await Promise.all([this.repo.customerMates(a.id), this.repo.customerMates(b.id)]);
    const involved = [a.id, b.id, ...mates.flat()];
    await this.decide([ordered(a.id, b.id)], 'link', actor, reason, [a.customerId, b.customerId], request);
    const resolution = await this.resolver.reclusterAround([a.id, b.id], actor, reason);
    await this.afterRecluster();
    return (await this.result([a.id, b.id], involved, resolution)).decision;
  }

  /** Splits a record off its customer (it gets a new id unless it belongs with another customer). */
  async split(recordId: string, actor: string, reason: string, request?: DecisionRequest): Promise<DecisionResult & { remainingCustomerId: string | null }> {
    checkText(actor, 'actor');
    checkText(reason, 'reason');
    const [record] = await this.persons(recordId);
    const mates = await this.repo.customerMates(record.id);
    if (mates.length === 0) throw new IdentityError('NOTHING_TO_SPLIT', `record ${record.id} is already the only record of its customer`);
    await this.decide(mates.map((m) => ordered(record.id, m)), 'split', actor, reason, [record.customerId], request);
    const resolution = await this.resolver.reclusterAround([record.id, ...mates], actor, reason);
    await this.afterRecluster();
    const { decision, customerOf } = await this.result([record.id], [record.id, ...mates], resolution);
    // the customer the first mate stayed with; the others may have gone elsewhere (affectedCustomerIds)
    return { ...decision, remainingCustomerId: customerOf.get(mates[0]!) ?? null };
  }

  /**
   * The decision and its access-log entry in one transaction (like eraseCustomer): the stored decision is the
   * change, and binds every later run; the re-clustering that follows applies it.
   */
  private async decide(
    pairs: [string, string][],
    kind: 'link' | 'split',
    actor: string,
    reason: string,
    customers: (string | null)[],
    request?: DecisionRequest,
  ): Promise<void> {
    await this.repo.transaction(async (em) => {
      await this.repo.decide(pairs, kind, actor, reason, em);
      const customerIds = customers.filter((c): c is string => c !== null);
      await this.journal?.(em, { kind, actor, customerIds, request });
    });
  }

  /** The customers of the given records and of every record involved, after the re-clustering. */
  private async result(ids: string[], involved: string[], resolution: ResolveSummary): Promise<{ decision: DecisionResult; customerOf: Map<string, string | null> }> {
    const customerOf = await this.repo.customerOfRecords(involved);
    return { decision: { customerIds: ids.map((id) => customerOf.get(id) ?? null), affectedCustomerIds: distinctCustomers(involved, customerOf), resolution }, customerOf };
  }

  /** Live person records, in argument order, or a clear refusal. */
  private async persons(...ids: string[]): Promise<RecordRow[]> {
    for (const id of ids) if (!/^[1-9]\d{0,17}$/.test(id)) throw new IdentityError('INVALID_INPUT', `"${id}" is not a record id`);
    if (ids.length === 2 && ids[0] === ids[1]) throw new IdentityError('SAME_RECORD', 'a record cannot be linked to or compared with itself');
    const rows = new Map((await this.repo.records(ids)).map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = rows.get(id);
      if (!row || row.deleted) throw new IdentityError('RECORD_NOT_FOUND', `record ${id} does not exist`);
      if (!row.person) throw new IdentityError('NOT_A_PERSON', `record ${id} is not a person record (only people are resolved)`);
      return row;
    });
  }
}

/** For a pair the last resolution did not store: what the thresholds and rules say about it alone. */
function pairwiseDecision(deterministic: string | undefined, probability: number, t: { matchThreshold: number; reviewThreshold: number }) {
  if (deterministic) return { decision: 'match' as PairDecision, rule: deterministic };
  if (probability >= t.matchThreshold) return { decision: 'match' as PairDecision, rule: `match_threshold ${t.matchThreshold}` };
  if (probability >= t.reviewThreshold) return { decision: 'review' as PairDecision, rule: `review_band ${t.reviewThreshold}–${t.matchThreshold}` };
  return { decision: 'no_match' as PairDecision, rule: `below_review_threshold ${t.reviewThreshold}` };
}

function ordered(x: string, y: string): [string, string] {
  return BigInt(x) < BigInt(y) ? [x, y] : [y, x];
}

function checkText(value: string, name: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw new IdentityError('INVALID_INPUT', `${name} must be a non-empty text of at most ${MAX_TEXT} characters`);
  }
}

function decodeReviewCursor(cursor: string): { impact: number; a: string; b: string } {
  try {
    const [impact, a, b] = decodeCursor(cursor, 3) as [string, string, string];
    if (!/^\d+$/.test(impact) || !/^\d+$/.test(a) || !/^\d+$/.test(b)) throw new InvalidCursorError();
    return { impact: Number(impact), a, b };
  } catch {
    throw new IdentityError('INVALID_INPUT', 'invalid cursor');
  }
}

function inKeyOrder<R, T>(keys: readonly string[], rows: R[], keyOf: (r: R) => string, map: (r: R) => T): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const list = groups.get(keyOf(r)) ?? [];
    list.push(map(r));
    groups.set(keyOf(r), list);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

/** The customers these records belong to, each once, in the records' order. */
function distinctCustomers(records: string[], customerOf: Map<string, string | null>): string[] {
  const out = new Set<string>();
  for (const id of records) {
    const customer = customerOf.get(id);
    if (customer) out.add(customer);
  }
  return [...out];
}
