// What people (through the API) ask of identity resolution: why two records are or are not one
// customer, what links and history each customer has, the review queue, and human link/split
// decisions that re-cluster the affected customers at once and bind every later run.
import type { EntityManager } from 'typeorm';
import { decodeCursorOf, encodeCursor } from '../shared/cursor';
import { defaultModel } from './engine/model';
import { score } from './engine/score';
import type { DecisionJournal, DecisionKind, DecisionRequest } from './decision-access';
import { conflictsAcross, type PairConflict } from './decision-conflicts';
import { IdentityError } from './identity-error';
import type { HistoryEntry, HumanDecision, IdentityRepository, RecordRow, StoredLink } from './identity.repository';
import { deterministicRuleOf } from './resolution/resolve-region';
import type { ResolveService, ResolveSummary } from './resolve.service';
import { idsInOrder } from './engine/pair-order';

export type { HistoryEntry, HumanDecision, StoredLink } from './identity.repository';
export type { PairConflict } from './decision-conflicts';

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
  /** one per pair of customers; `pairs`: the review pairs between those two customers, which one decision settles */
  items: (StoredLink & { cursor: string; pairs: number })[];
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
  /**
   * Earlier human decisions this one removed: for a link, the splits between the two customers' records
   * (the latest decision wins); for a split, the record's links with its mates; for keepApart, the links
   * between the two customers; for a withdrawal, those withdrawn.
   */
  removedDecisions: HumanDecision[];
  /** After a link: pairs across the two former customers, now one, whose records conflict (two customer numbers, birth dates). */
  conflicts: PairConflict[];
}

const MAX_TEXT = 1000;

export class IdentityService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly resolver: ResolveService,
    /** Runs after a link or split re-clustered customers (the metrics recompute). */
    private readonly afterRecluster: () => Promise<unknown> = async () => undefined,
    /** Writes a decision's access-log entry inside the decision's transaction. */
    private readonly journal?: DecisionJournal,
  ) {}

  async explain(recordA: string, recordB: string): Promise<PairExplanation> {
    const [a, b] = await this.persons(recordA, recordB);
    const [lo, hi] = idsInOrder(a.id, b.id);
    const [stored, human, model] = await Promise.all([this.repo.link(lo, hi), this.repo.decision(lo, hi), this.resolver.latestModel()]);
    const matchModel = model?.model ?? defaultModel();
    const ra = this.resolver.toMatchRecord({ ...a, person: a.person!, contentHash: '' });
    const rb = this.resolver.toMatchRecord({ ...b, person: b.person!, contentHash: '' });
    const s = score(ra, rb, matchModel);
    const settings = this.resolver.settings;
    const decided = human
      ? await this.humanOutcome(human, a, b)
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

  /**
   * What a human decision did to the pair, as the customers show it: a link blocked by a split between the
   * two customers (stored before decisions replaced each other) says so instead of "linked".
   */
  private async humanOutcome(human: HumanDecision, a: RecordRow, b: RecordRow): Promise<{ decision: PairDecision; rule: string }> {
    if (human.kind === 'split' || a.customerId === b.customerId) {
      return { decision: human.kind === 'link' ? 'linked' : 'split', rule: `manual_${human.kind}` };
    }
    const [left, right] = await this.repo.customerRecords([a.id, b.id]);
    const splits = await this.repo.splitsBetween(left!, right!);
    const by = splits.map((d) => `${d.recordA}-${d.recordB}`).join(', ');
    return { decision: 'refused', rule: splits.length > 0 ? `manual_link blocked by manual_split ${by}` : 'manual_link not applied yet' };
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

  /** One item per pair of customers (their most probable review pair), highest impact first. */
  async reviewQueue(first: number, after?: string | null): Promise<ReviewPage> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new IdentityError('INVALID_INPUT', 'first must be between 1 and 100');
    const rows = await this.repo.reviewPage(first + 1, after ? decodeReviewCursor(after) : undefined);
    const items = rows.slice(0, first).map((r) => ({ ...r, cursor: encodeCursor([String(r.impact), r.recordA, r.recordB]) }));
    return { items, hasNextPage: rows.length > first, endCursor: items.length > 0 ? items[items.length - 1]!.cursor : null };
  }

  /**
   * Records that two records are one person, re-clusters them now; later runs keep them together. The
   * latest decision wins: split decisions between the records of the two customers are removed (returned
   * in removedDecisions), so the customers become one. Conflicts across them are returned.
   */
  async link(recordA: string, recordB: string, actor: string, reason: string, request?: DecisionRequest): Promise<DecisionResult> {
    checkText(actor, 'actor');
    checkText(reason, 'reason');
    const [a, b] = await this.persons(recordA, recordB);
    const [left, right] = (await this.repo.customerRecords([a.id, b.id])) as [string[], string[]];
    const removed = await this.decide({
      entry: 'link',
      actor,
      reason,
      request,
      store: { kind: 'link', pairs: [idsInOrder(a.id, b.id)] },
      remove: (em) => this.repo.withdrawBetween('split', left, right, em),
      customers: async () => [a.customerId, b.customerId],
    });
    const resolution = await this.resolver.reclusterAround([a.id, b.id], actor, reason);
    await this.afterRecluster();
    const { decision, customerOf } = await this.result([a.id, b.id], [...left, ...right], resolution, removed);
    return { ...decision, conflicts: await this.conflicts(left, right, customerOf) };
  }

  /** Splits a record off its customer (it gets a new id unless it belongs with another customer). */
  async split(recordId: string, actor: string, reason: string, request?: DecisionRequest): Promise<DecisionResult & { remainingCustomerId: string | null }> {
    checkText(actor, 'actor');
    checkText(reason, 'reason');
    const [record] = await this.persons(recordId);
    const mates = await this.repo.customerMates(record.id);
    if (mates.length === 0) throw new IdentityError('NOTHING_TO_SPLIT', `record ${record.id} is already the only record of its customer`);
    const removed = await this.decide({
      entry: 'split',
      actor,
      reason,
      request,
      store: { kind: 'split', pairs: mates.map((m) => idsInOrder(record.id, m)) },
      // link decisions with its mates: replaced by the splits (one decision per pair)
      remove: (em) => this.repo.withdrawBetween('link', [record.id], mates, em),
      customers: async () => [record.customerId],
    });
    const resolution = await this.resolver.reclusterAround([record.id, ...mates], actor, reason);
    await this.afterRecluster();
    const { decision, customerOf } = await this.result([record.id], [record.id, ...mates], resolution, removed);
    // the customer the first mate stayed with; the others may have gone elsewhere (affectedCustomerIds)
    return { ...decision, remainingCustomerId: customerOf.get(mates[0]!) ?? null };
  }

  /**
   * The two records' customers are different people (a review-queue pair answered "no"): stores a split
   * decision for the pair and for every other review pair between the two customers, removes links between
   * their records, and moves nothing. Later runs, incremental or full, keep the customers apart, and the
   * queue no longer shows them.
   */
  async keepApart(recordA: string, recordB: string, actor: string, reason: string, request?: DecisionRequest): Promise<DecisionResult> {
    checkText(actor, 'actor');
    checkText(reason, 'reason');
    const [a, b] = await this.persons(recordA, recordB);
    if (a.customerId !== null && a.customerId === b.customerId) {
      throw new IdentityError('SAME_CUSTOMER', `records ${a.id} and ${b.id} are one customer (${a.customerId}): splitRecord takes a record out of its customer`);
    }
    const [left, right] = (await this.repo.customerRecords([a.id, b.id])) as [string[], string[]];
    const pairs = new Map([idsInOrder(a.id, b.id), ...(await this.repo.reviewPairsBetween(left, right))].map((p) => [p.join('-'), p]));
    const removed = await this.decide({
      entry: 'keep_apart',
      actor,
      reason,
      request,
      store: { kind: 'split', pairs: [...pairs.values()] },
      remove: (em) => this.repo.withdrawBetween('link', left, right, em),
      customers: async () => [a.customerId, b.customerId],
    });
    const resolution = await this.resolver.reclusterAround([a.id, b.id], actor, reason);
    await this.afterRecluster();
    return (await this.result([a.id, b.id], [...left, ...right], resolution, removed)).decision;
  }

  /**
   * Withdraws the human decision about a pair, with every pair decided in the same act (all pairs of one
   * splitRecord or keepApart), and re-clusters: the records go where the evidence puts them. Decisions the
   * withdrawn one had replaced do not come back.
   */
  async withdraw(recordA: string, recordB: string, actor: string, reason: string, request?: DecisionRequest): Promise<DecisionResult> {
    checkText(actor, 'actor');
    checkText(reason, 'reason');
    const [a, b] = await this.persons(recordA, recordB);
    const [lo, hi] = idsInOrder(a.id, b.id);
    if (!(await this.repo.decision(lo, hi))) throw new IdentityError('NO_DECISION', `no human decision about records ${lo} and ${hi}`);
    const recordsOf = (decisions: HumanDecision[]) => [...new Set(decisions.flatMap((d) => [d.recordA, d.recordB]))];
    const removed = await this.decide({
      entry: 'withdraw',
      actor,
      reason,
      request,
      remove: (em) => this.repo.withdrawAct(lo, hi, em),
      customers: async (withdrawn) => [...(await this.repo.customerOfRecords(recordsOf(withdrawn))).values()],
    });
    const records = recordsOf(removed);
    const resolution = await this.resolver.reclusterAround(records, actor, reason);
    await this.afterRecluster();
    return (await this.result([a.id, b.id], records, resolution, removed)).decision;
  }

  /**
   * The decision and its access-log entry in one transaction (like eraseCustomer): the stored decision is the
   * change, and binds every later run; the re-clustering that follows applies it. `remove` takes away the
   * decisions it overrides (or withdraws) first, in the same transaction; they are returned.
   */
  private async decide(act: {
    entry: DecisionKind;
    actor: string;
    reason: string;
    request?: DecisionRequest;
    store?: { kind: 'link' | 'split'; pairs: [string, string][] };
    remove?: (em: EntityManager) => Promise<HumanDecision[]>;
    /** the customers the access-log entry names: those of the records before the change */
    customers: (removed: HumanDecision[]) => Promise<(string | null)[]>;
  }): Promise<HumanDecision[]> {
    return this.repo.transaction(async (em) => {
      const removed = act.remove ? await act.remove(em) : [];
      if (act.store) await this.repo.decide(act.store.pairs, act.store.kind, act.actor, act.reason, em);
      const customerIds = (await act.customers(removed)).filter((c): c is string => c !== null);
      await this.journal?.(em, { kind: act.entry, actor: act.actor, customerIds, request: act.request });
      return removed;
    });
  }

  /** Cross pairs of the two former customers that are one customer now, with what conflicts between them. */
  private async conflicts(left: string[], right: string[], customerOf: Map<string, string | null>): Promise<PairConflict[]> {
    const onlyLeft = left.filter((id) => !right.includes(id));
    const onlyRight = right.filter((id) => !left.includes(id));
    if (onlyLeft.length === 0 || onlyRight.length === 0) return [];
    const rows = await this.repo.records([...onlyLeft, ...onlyRight]);
    const model = (await this.resolver.latestModel())?.model ?? defaultModel();
    const live = rows.filter((r) => r.person && !r.deleted).map((r) => this.resolver.toMatchRecord({ ...r, person: r.person! }));
    return conflictsAcross(live, new Set(onlyLeft), model).filter((c) => customerOf.get(c.recordA) === customerOf.get(c.recordB));
  }

  /** The customers of the given records and of every record involved, after the re-clustering. */
  private async result(
    ids: string[],
    involved: string[],
    resolution: ResolveSummary,
    removedDecisions: HumanDecision[],
  ): Promise<{ decision: DecisionResult; customerOf: Map<string, string | null> }> {
    const all = [...new Set([...ids, ...involved])];
    const customerOf = await this.repo.customerOfRecords(all);
    return {
      decision: {
        customerIds: ids.map((id) => customerOf.get(id) ?? null),
        affectedCustomerIds: distinctCustomers(all, customerOf),
        resolution,
        removedDecisions,
        conflicts: [],
      },
      customerOf,
    };
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

function checkText(value: string, name: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw new IdentityError('INVALID_INPUT', `${name} must be a non-empty text of at most ${MAX_TEXT} characters`);
  }
}

function decodeReviewCursor(cursor: string): { impact: number; a: string; b: string } {
  try {
    const [impact, a, b] = decodeCursorOf(cursor, ['id', 'id', 'id']) as [string, string, string];
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
