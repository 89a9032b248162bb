import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { searchTerms } from '../../../profile/customer-search';
import { decodeCursorOf, encodeCursor } from '../../../shared/cursor';
import type { RequestContext } from '../../context';
import { badInput } from '../../errors';
import { toCustomer } from '../mappers';
import { fillPage } from '../filled-page';
import { isUuid, pageSize } from '../paging';
import { recordRefusedRow } from '../refused-row';
import { noteShown } from '../audit/shown-customers';
import { profilePlanOf } from '../profile-plan';
import { Customer, CustomerConnection } from '../types/customer.type';

@ArgsType()
class CustomersArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
  @Field(() => String, { nullable: true, description: 'Matches names, emails and phones (case-insensitive substring).' })
  search?: string;
}

/** Every role may ask; the privacy policy decides which rows and fields it gets (src/privacy/policy.json). */
@Resolver()
export class CustomerQueryResolver {
  @Authorized()
  @Query(() => Customer, { nullable: true, description: 'A customer by id; an id merged into another customer answers that customer.' })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Customer | null> {
    if (!isUuid(id)) return null;
    const found = await ctx.loaders.profile(profilePlanOf(info)).load(id.toLowerCase());
    if (!found) recordRefusedRow(ctx, id);
    return found ? toCustomer(found) : null;
  }

  @Authorized()
  @Query(() => Customer, { nullable: true, description: 'The customer a source record belongs to.' })
  async customerBySourceRecord(
    @Arg('source') source: string,
    @Arg('externalId') externalId: string,
    @Arg('entity', () => String, { nullable: true }) entity: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Customer | null> {
    const id = await ctx.customers.findIdBySourceRecord(source, externalId, entity);
    if (!id) return null;
    const found = await ctx.loaders.profile(profilePlanOf(info)).load(id);
    if (!found) recordRefusedRow(ctx, id);
    return found ? toCustomer(found) : null;
  }

  @Authorized()
  @Query(() => CustomerConnection, { description: 'Customers ordered by name, keyset-paginated.' })
  async customers(@Args() args: CustomersArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<CustomerConnection> {
    const first = pageSize(args.first, 20);
    const search = args.search?.trim();
    if (search && search.length > 100) throw badInput('search must be at most 100 characters');
    const after = args.after ? (decodeCursorOf(args.after, ['text', 'uuid']) as [string, string]) : undefined;
    const plan = profilePlanOf(info, ['edges', 'node']);
    const edge = (c: { id: string; displayName: string; createdAt: Date; updatedAt: Date }) => ({
      cursor: encodeCursor([c.displayName, c.id]),
      node: toCustomer(c),
    });
    const own = ctx.loaders.access.ownCustomerId;
    if (own !== null) {
      // A caller limited to their own customer lists just that one.
      const self = isUuid(own) && !after ? await ctx.loaders.profile(plan).load(own.toLowerCase()) : null;
      return { edges: self ? [edge(self)] : [], pageInfo: { hasNextPage: false, endCursor: null } };
    }
    const terms = search ? searchTerms(search, ctx.region) : undefined;
    const list = (from: [string, string] | undefined, count: number) => ctx.customers.list({ first: count, after: from, search: terms });
    if (ctx.loaders.restricted) {
      // Rows the caller may not see (no consent for the purpose) are skipped, and the page reads on past them.
      const page = await fillPage(first, after, {
        read: list,
        cursorOf: (c) => [c.displayName, c.id] as [string, string],
        visible: async (rows) => (await ctx.loaders.profile(plan).loadMany(rows.map((c) => c.id))).map((s) => s !== null && !(s instanceof Error)),
      });
      return { edges: page.shown.map(edge), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor ? encodeCursor(page.endCursor) : null } };
    }
    const rows = await list(after, first + 1);
    const page = rows.slice(0, first);
    // a page shows whose data it is even with only ids, names or cursors selected: the log names every row
    noteShown(ctx, page.map((c) => c.id));
    if (plan.withBundle || plan.journey) {
      // Read every nested part of the page ahead in one statement.
      await ctx.loaders.profile(plan).loadMany(page.map((c) => c.id));
    }
    const last = page.at(-1);
    return { edges: page.map(edge), pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor([last.displayName, last.id]) : null } };
  }
}
