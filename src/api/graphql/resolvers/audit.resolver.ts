import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { ChainedEntry } from '../../../audit/access-entry';
import type { AccessLogFilter } from '../../../audit/access-log-filter';
import type { Pruning } from '../../../audit/pruning';
import type { RequestContext } from '../../context';
import { accessLogFilterProblem } from '../../access-log-filter-check';
import { badInput } from '../../errors';
import { pageSize } from '../paging';
import {
  AccessDecision,
  AccessLogConnection,
  AccessLogEntry,
  AccessLogFilterInput,
  AccessLogPruning,
  AccessLogSummary,
  AccessLogVerification,
} from '../types/audit.type';

type AuditContext = RequestContext;

const AUDITORS = ['auditor', 'admin'];

/** The auditor's filter, refused with BAD_USER_INPUT when malformed (a customer id that is not a uuid, from not before to). */
function filterOf(input?: AccessLogFilterInput | null): AccessLogFilter {
  // an explicit null is no condition, as an absent field
  const filter = Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined)) as AccessLogFilter;
  const problem = accessLogFilterProblem(filter);
  if (problem) throw badInput(problem);
  return filter;
}

const MAX_TOP = 100;

function entryOf(e: ChainedEntry): AccessLogEntry {
  return {
    ...e,
    position: String(e.position),
    at: new Date(e.at),
    fields: Object.keys(e.fields).map((field) => ({ field, decision: e.fields[field] as AccessDecision })),
  };
}

function pruningOf(p: Pruning): AccessLogPruning {
  return {
    prunedThrough: String(p.through),
    prunedHash: p.hash,
    checkpointPosition: String(p.checkpointPosition),
    prunedAt: new Date(p.prunedAt),
    keptFrom: p.keptFrom ? new Date(p.keptFrom) : null,
  };
}

/** Auditors read who accessed what; entries hold ids and field names, never personal values. */
@Resolver()
export class AuditResolver {
  @Authorized(AUDITORS)
  @Query(() => AccessLogConnection, { description: 'The access log, newest first (keyset). Per customer, per actor and denied attempts are filters.' })
  async accessLog(
    @Arg('filter', () => AccessLogFilterInput, { nullable: true }) filter: AccessLogFilterInput | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: AuditContext,
  ): Promise<AccessLogConnection> {
    const [page, pruning] = await Promise.all([ctx.audit.queries.page(filterOf(filter), pageSize(first, 50), after), ctx.audit.queries.pruning()]);
    return {
      edges: page.entries.map((e, i) => ({ cursor: page.cursors[i], node: entryOf(e) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      pruned: pruning && pruningOf(pruning),
    };
  }

  @Authorized(AUDITORS)
  @Query(() => AccessLogSummary, { description: 'Top actors, accesses by purpose and denials per day over the filtered log.' })
  async accessLogSummary(
    @Arg('filter', () => AccessLogFilterInput, { nullable: true }) filter: AccessLogFilterInput | undefined,
    @Arg('top', () => Int, { defaultValue: 10 }) top: number,
    @Ctx() ctx: AuditContext,
  ): Promise<AccessLogSummary> {
    const f = filterOf(filter);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw badInput(`top must be between 1 and ${MAX_TOP}`);
    const [topActors, byPurpose, denialsPerDay] = await Promise.all([
      ctx.audit.queries.topActors(f, top),
      ctx.audit.queries.accessesByPurpose(f),
      ctx.audit.queries.denialsPerDay(f),
    ]);
    return { topActors, byPurpose, denialsPerDay };
  }

  @Authorized(AUDITORS)
  @Query(() => AccessLogVerification, { description: 'Recomputes the hash chain and checks every signed checkpoint (seconds per million entries).' })
  async accessLogVerification(@Ctx() ctx: AuditContext): Promise<AccessLogVerification> {
    const r = await ctx.audit.verify();
    return {
      ...r,
      startedAfter: String(r.startedAfter),
      firstBreak: r.firstBreak ? { ...r.firstBreak, position: String(r.firstBreak.position) } : null,
    };
  }
}
