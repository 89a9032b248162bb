import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { ChainedEntry } from '../../../audit/access-entry';
import type { AccessLogFilter } from '../../../audit/access-log-filter';
import type { RequestContext } from '../../context';
import {
  AccessDecision,
  AccessLogConnection,
  AccessLogEntry,
  AccessLogFilterInput,
  AccessLogSummary,
  AccessLogVerification,
} from '../types/audit.type';

type AuditContext = RequestContext;

const AUDITORS = ['auditor', 'admin'];

function filterOf(input?: AccessLogFilterInput | null): AccessLogFilter {
  return input ? { ...input } : {};
}

function entryOf(e: ChainedEntry): AccessLogEntry {
  return {
    ...e,
    position: String(e.position),
    at: new Date(e.at),
    fields: Object.keys(e.fields).map((field) => ({ field, decision: e.fields[field] as AccessDecision })),
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
    const page = await ctx.audit.queries.page(filterOf(filter), first, after);
    return {
      edges: page.entries.map((e, i) => ({ cursor: page.cursors[i], node: entryOf(e) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
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
    const [topActors, byPurpose, denialsPerDay] = await Promise.all([
      ctx.audit.queries.topActors(f, Math.min(Math.max(top, 1), 100)),
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
