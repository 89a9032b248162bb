import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DecisionRequest } from '../../../identity/decision-access';
import type { DecisionResult } from '../../../identity/identity.service';
import type { RequestContext } from '../../context';
import { noteShown } from '../audit/shown-customers';
import { identityCall } from '../identity-errors';
import { pageSize } from '../paging';
import { Customer } from '../types/customer.type';
import { meaningOf } from '../../../identity/engine/level-meanings';
import { ruleMeaning } from '../../../identity/rule-meanings';
import {
  CustomerHistoryEntry,
  CustomerIdentity,
  IdentityDecisionResult,
  IdentityLink,
  IdentityReviewConnection,
  MatchExplanation,
} from '../types/identity.type';

/** Roles that may see how records were matched and change it (data stewards). */
const IDENTITY_STEWARDS = ['admin', 'support_agent'];

/** Who asks, for the decision's own access-log entry (written in the decision's transaction). */
function decisionRequest(ctx: RequestContext): DecisionRequest {
  return { requestId: ctx.requestId, roles: ctx.viewer.roles, purpose: ctx.viewer.purpose };
}

@Resolver(() => Customer)
export class CustomerIdentityFieldResolver {
  @FieldResolver(() => CustomerIdentity, { description: 'Why the records of this customer are together, and its merge/split history.' })
  identity(@Root() c: Customer): CustomerIdentity {
    return { customerId: c.id };
  }
}

@Resolver(() => CustomerIdentity)
export class CustomerIdentityResolver {
  @FieldResolver(() => [IdentityLink], { description: 'Scored pairs among and around this customer’s records.' })
  async links(@Root() i: CustomerIdentity, @Ctx() ctx: RequestContext): Promise<IdentityLink[]> {
    const links = await ctx.identityLoaders.links.load(i.customerId);
    // a pair reaching into another customer shows that customer's id and record
    noteShown(ctx, links.flatMap((l) => [l.customerA, l.customerB]));
    return links;
  }

  @FieldResolver(() => [CustomerHistoryEntry], { description: 'Oldest first, including ids merged into this customer.' })
  async history(@Root() i: CustomerIdentity, @Ctx() ctx: RequestContext): Promise<CustomerHistoryEntry[]> {
    const history = await ctx.identityLoaders.history.load(i.customerId);
    // merged ids, and the customers split from or absorbed into this one
    noteShown(ctx, history.flatMap((e) => [e.customerId, e.relatedCustomerId]));
    return history;
  }
}

@Resolver(() => IdentityLink)
export class IdentityLinkResolver {
  @FieldResolver(() => String, { description: 'What the rule means, in plain words (as explainMatch says it).' })
  ruleMeaning(@Root() link: IdentityLink): string {
    return ruleMeaning(link.rule);
  }
}

@Resolver()
export class IdentityResolver {
  @Authorized(IDENTITY_STEWARDS)
  @Query(() => MatchExplanation, { description: 'Compares two person records attribute by attribute and says what decided.' })
  async explainMatch(
    @Arg('recordA', () => ID) recordA: string,
    @Arg('recordB', () => ID) recordB: string,
    @Ctx() ctx: RequestContext,
  ): Promise<MatchExplanation> {
    const e = await identityCall(() => ctx.identity.explain(recordA, recordB));
    // the evidence shows both records' values: their customers' data was read
    noteShown(ctx, [e.customerA, e.customerB]);
    return {
      ...e,
      ruleMeaning: ruleMeaning(e.rule),
      evidence: e.evidence.map((line) => ({ ...line, meaning: meaningOf(line.attribute, line.level), left: line.left ?? null, right: line.right ?? null })),
      matchThreshold: e.thresholds.match,
      reviewThreshold: e.thresholds.review,
    };
  }

  @Authorized(IDENTITY_STEWARDS)
  @Query(() => IdentityReviewConnection, { description: 'Pairs a person should decide, highest impact first (keyset-paginated).' })
  async identityReviewQueue(
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<IdentityReviewConnection> {
    const page = await identityCall(() => ctx.identity.reviewQueue(pageSize(first, 20), after));
    for (const item of page.items) noteShown(ctx, [item.customerA, item.customerB]);
    return {
      edges: page.items.map(({ cursor, pairs, ...node }) => ({ cursor, node, pairs })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @Authorized(IDENTITY_STEWARDS)
  @Mutation(() => IdentityDecisionResult, { description: 'Two records are one person: re-clusters now, and every later run keeps them together.' })
  async linkRecords(
    @Arg('recordA', () => ID) recordA: string,
    @Arg('recordB', () => ID) recordB: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IdentityDecisionResult> {
    const result = await identityCall(() => ctx.identity.link(recordA, recordB, ctx.viewer.subject, reason, decisionRequest(ctx)));
    return decisionAnswer(ctx, { ...result, remainingCustomerId: null });
  }

  @Authorized(IDENTITY_STEWARDS)
  @Mutation(() => IdentityDecisionResult, {
    description:
      'The customers of two records are different people (a review-queue pair answered "no"): every later run keeps them apart and the queue no longer shows them. Moves nothing; refused for two records of one customer (splitRecord).',
  })
  async keepApart(
    @Arg('recordA', () => ID) recordA: string,
    @Arg('recordB', () => ID) recordB: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IdentityDecisionResult> {
    const result = await identityCall(() => ctx.identity.keepApart(recordA, recordB, ctx.viewer.subject, reason, decisionRequest(ctx)));
    return decisionAnswer(ctx, { ...result, remainingCustomerId: null });
  }

  @Authorized(IDENTITY_STEWARDS)
  @Mutation(() => IdentityDecisionResult, {
    description:
      'Withdraws the human decision about two records, with the other pairs decided in the same act (a whole splitRecord or keepApart), and re-clusters them by the evidence.',
  })
  async withdrawDecision(
    @Arg('recordA', () => ID) recordA: string,
    @Arg('recordB', () => ID) recordB: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IdentityDecisionResult> {
    const result = await identityCall(() => ctx.identity.withdraw(recordA, recordB, ctx.viewer.subject, reason, decisionRequest(ctx)));
    return decisionAnswer(ctx, { ...result, remainingCustomerId: null });
  }

  @Authorized(IDENTITY_STEWARDS)
  @Mutation(() => IdentityDecisionResult, { description: 'A record is not the person it was matched with: it gets its own customer (new id) unless it belongs with another.' })
  async splitRecord(
    @Arg('recordId', () => ID) recordId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<IdentityDecisionResult> {
    const result = await identityCall(() => ctx.identity.split(recordId, ctx.viewer.subject, reason, decisionRequest(ctx)));
    return decisionAnswer(ctx, result);
  }
}

/** A decision's answer; the access log names every customer it shows. */
function decisionAnswer(ctx: RequestContext, result: DecisionResult & { remainingCustomerId: string | null }): IdentityDecisionResult {
  noteShown(ctx, [...result.affectedCustomerIds, ...result.customerIds, result.remainingCustomerId]);
  return {
    customerIds: result.customerIds,
    remainingCustomerId: result.remainingCustomerId,
    affectedCustomerIds: result.affectedCustomerIds,
    removedDecisions: result.removedDecisions,
    conflicts: result.conflicts,
  };
}
