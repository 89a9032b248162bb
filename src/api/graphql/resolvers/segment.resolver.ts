import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SegmentError } from '../../../segments/segment-error';
import type { SegmentCaller } from '../../../segments/segment.service';
import type { RefreshStats, SegmentRow, SegmentStatus as Status } from '../../../segments/segment.repository';
import { decodeCursorOf, encodeCursor } from '../../../shared/cursor';
import type { RequestContext } from '../../context';
import { badInput } from '../../errors';
import { toCustomer } from '../mappers';
import { isUuid, pageSize } from '../paging';
import { profilePlanOf } from '../profile-plan';
import { Customer } from '../types/customer.type';
import {
  CreateSegmentInput,
  Segment,
  SegmentChangeConnection,
  SegmentChangeKind,
  SegmentConnection,
  SegmentExplanation,
  SegmentMemberConnection,
  SegmentPreview,
  SegmentStatus,
  UpdateSegmentInput,
} from '../types/segment.type';

/** Marketing builds audiences; admins too. Analysts may look (their policy still decides each condition). */
const MANAGERS = ['marketing', 'admin'];
const READERS = ['marketing', 'admin', 'analyst'];

const callerOf = (ctx: RequestContext): SegmentCaller => ({ subject: ctx.viewer.subject, roles: ctx.viewer.roles, purpose: ctx.viewer.purpose, purposes: ctx.viewer.purposes });

/** Domain refusals as GraphQL errors: policy refusals keep their code (and mark the access denied). */
async function guarded<T>(ctx: RequestContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof SegmentError)) throw error;
    if (error.code === 'POLICY_DENIED') {
      ctx.access.denied = true;
      throw new GraphQLError(error.message, { extensions: { code: 'POLICY_DENIED', http: { status: 403 } } });
    }
    throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', reason: error.code } });
  }
}

export function toSegment(row: SegmentRow): Segment {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    definition: row.definition as Record<string, unknown>,
    purpose: row.purpose,
    status: row.status as SegmentStatus,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
    refreshedAt: row.refreshedAt,
    row,
  };
}

export function toExplanation(stats: Omit<RefreshStats, 'entered' | 'left'> & Partial<Pick<RefreshStats, 'entered' | 'left'>>): SegmentExplanation {
  const rules = [`definition: ${stats.matched} customers match`];
  rules.push(stats.consentChannel ? `consent: ${stats.withoutConsent} without ${stats.consentChannel} consent excluded` : 'consent: not required for this purpose');
  rules.push(
    stats.consentChannel && stats.fatigueDays > 0
      ? `contact fatigue: ${stats.fatigued} contacted or surveyed in the last ${stats.fatigueDays} days excluded`
      : 'contact fatigue: off for this purpose',
  );
  rules.push(`members: ${stats.members}`);
  return { ...stats, entered: stats.entered ?? 0, left: stats.left ?? 0, rules };
}

@Resolver()
export class SegmentResolver {
  @Authorized(READERS)
  @Query(() => SegmentConnection, { description: 'Segments by name, keyset-paginated.' })
  async segments(
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Arg('status', () => SegmentStatus, { nullable: true }) status: SegmentStatus | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<SegmentConnection> {
    const n = pageSize(first, 20);
    const rows = await ctx.segments.list({ first: n + 1, after: after ? (decodeCursorOf(after, ['text', 'uuid']) as [string, string]) : undefined, status: status as Status | undefined });
    const page = rows.slice(0, n);
    const cursor = (r: SegmentRow) => encodeCursor([r.name, r.id]);
    return { edges: page.map((r) => ({ cursor: cursor(r), node: toSegment(r) })), pageInfo: { hasNextPage: rows.length > n, endCursor: page.length ? cursor(page.at(-1)!) : null } };
  }

  @Authorized(READERS)
  @Query(() => Segment, { nullable: true })
  async segment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Segment | null> {
    const row = isUuid(id) ? await ctx.segments.get(id.toLowerCase()) : null;
    return row ? toSegment(row) : null;
  }

  @Authorized(READERS)
  @Query(() => SegmentPreview, { description: 'Evaluates a definition now for your purpose (governance included); stores nothing.' })
  async previewSegment(
    @Arg('definition', () => GraphQLJSONObject) definition: Record<string, unknown>,
    @Arg('sample', () => Int, { defaultValue: 10, description: 'Members to show, 0–20.' }) sample: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SegmentPreview> {
    if (!Number.isInteger(sample) || sample < 0 || sample > 20) throw badInput('sample must be between 0 and 20');
    const preview = await guarded(ctx, () => ctx.segments.preview(callerOf(ctx), definition, sample));
    const plan = profilePlanOf(info, ['sample']);
    const found = preview.sampleIds.length ? await ctx.loaders.profile(plan).loadMany(preview.sampleIds) : [];
    const customers = found.flatMap((c) => (c && !(c instanceof Error) ? [toCustomer(c)] : []));
    return { count: preview.members, explanation: toExplanation({ ...preview, ...preview.governance }), sample: customers };
  }

  @Authorized(MANAGERS)
  @Mutation(() => Segment, { description: 'Creates a segment for a purpose and computes its membership (a large audience finishes in the background: `refreshing`).' })
  async createSegment(@Arg('input', () => CreateSegmentInput) input: CreateSegmentInput, @Ctx() ctx: RequestContext): Promise<Segment> {
    return toSegment(await guarded(ctx, () => ctx.segments.create(callerOf(ctx), input)));
  }

  @Authorized(MANAGERS)
  @Mutation(() => Segment, { description: 'Changes a segment (the parts given) and recomputes its membership (a large audience finishes in the background).' })
  async updateSegment(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateSegmentInput) input: UpdateSegmentInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Segment> {
    if (!isUuid(id)) throw badInput('no such segment');
    return toSegment(await guarded(ctx, () => ctx.segments.update(callerOf(ctx), id.toLowerCase(), input, expectedVersion ?? undefined)));
  }

  @Authorized(MANAGERS)
  @Mutation(() => Segment, { description: 'Archives a segment: every member leaves (change rows), it is no longer refreshed.' })
  async archiveSegment(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Segment> {
    if (!isUuid(id)) throw badInput('no such segment');
    return toSegment(await guarded(ctx, () => ctx.segments.archive(id.toLowerCase(), expectedVersion ?? undefined)));
  }

  @Authorized(MANAGERS)
  @Mutation(() => Segment, {
    description: 'Recomputes membership now (also done after imports and by `tessera segments refresh`); a large audience finishes in the background (`refreshing`).',
  })
  async refreshSegment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Segment> {
    if (!isUuid(id)) throw badInput('no such segment');
    const row = await guarded(ctx, async () => {
      await ctx.segments.refreshSoon(id.toLowerCase());
      return ctx.segments.get(id.toLowerCase());
    });
    if (!row) throw badInput('no such segment');
    return toSegment(row);
  }
}

@Resolver(() => Segment)
export class SegmentFieldsResolver {
  @FieldResolver(() => Boolean, { description: 'A refresh started by create, update or refreshSegment is still running: size and members are those of the refresh before.' })
  refreshing(@Root() s: Segment, @Ctx() ctx: RequestContext): boolean {
    return ctx.segments.isRefreshing(s.id);
  }

  @FieldResolver(() => Int, { description: 'Members at the last refresh (after governance).' })
  async size(@Root() s: Segment, @Ctx() ctx: RequestContext): Promise<number> {
    await guarded(ctx, () => ctx.segments.checkReadable(callerOf(ctx), s.row));
    return s.row.explanation?.members ?? 0;
  }

  @FieldResolver(() => SegmentExplanation, { nullable: true, description: 'Counts of the last refresh per rule; null before the first.' })
  async explanation(@Root() s: Segment, @Ctx() ctx: RequestContext): Promise<SegmentExplanation | null> {
    await guarded(ctx, () => ctx.segments.checkReadable(callerOf(ctx), s.row));
    return s.row.explanation ? toExplanation(s.row.explanation) : null;
  }

  @FieldResolver(() => SegmentMemberConnection, { description: 'Members by customer id, keyset-paginated; customers you may not see are left out.' })
  async members(
    @Root() s: Segment,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SegmentMemberConnection> {
    const n = pageSize(first, 20);
    const position = after ? decodeCursorOf(after, ['uuid'])[0]! : null;
    await guarded(ctx, () => ctx.segments.checkReadable(callerOf(ctx), s.row));
    const rows = await ctx.segments.members(s.id, n + 1, position);
    const page = rows.slice(0, n);
    // the one row-checked path: consent and own-row rules hold, and the access log learns who was read
    const found = page.length ? await ctx.loaders.profile(profilePlanOf(info, ['edges', 'node'])).loadMany(page.map((r) => r.customerId)) : [];
    const edges = page.flatMap((r, i) => {
      const c = found[i];
      return c && !(c instanceof Error) ? [{ cursor: encodeCursor([r.customerId]), enteredAt: r.enteredAt, node: toCustomer(c) as Customer }] : [];
    });
    const last = page.at(-1);
    return { edges, pageInfo: { hasNextPage: rows.length > n, endCursor: last ? encodeCursor([last.customerId]) : null } };
  }

  @FieldResolver(() => SegmentChangeConnection, { description: 'Who entered and left at or after `since`, oldest first (keyset).' })
  async changes(
    @Root() s: Segment,
    @Arg('since', () => Date) since: Date,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<SegmentChangeConnection> {
    const n = pageSize(first, 20);
    const position = after ? (decodeCursorOf(after, ['timestamp', 'id']) as [string, string]) : null;
    await guarded(ctx, () => ctx.segments.checkReadable(callerOf(ctx), s.row));
    const rows = await ctx.segments.changes(s.id, since, n + 1, position);
    const page = rows.slice(0, n);
    // membership of these customers was read: the access log names them
    for (const r of page) ctx.loaders.touched.add(r.customerId);
    const cursor = (r: (typeof rows)[number]) => encodeCursor([r.exactAt, r.id]);
    return {
      edges: page.map((r) => ({ cursor: cursor(r), node: { customerId: r.customerId, change: r.change as SegmentChangeKind, at: r.at } })),
      pageInfo: { hasNextPage: rows.length > n, endCursor: page.length ? cursor(page.at(-1)!) : null },
    };
  }
}
