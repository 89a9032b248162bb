import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { consentsOf, opportunitiesOf, subscriptionsOf, ticketsOf } from '../../../profile/channel-views';
import { buildGoldenProfile } from '../../../profile/golden-profile';
import { encodeCursor } from '../../../shared/cursor';
import type { RequestContext } from '../../context';
import { asInstance, toJourneyEntry, toProfile, toSourceRecord, toSubscription, toConsent, toTicket, toOpportunity } from '../mappers';
import { journeyDetailsAsked, journeyQueryOf } from '../journey-query';
import { CustomerCrm } from '../types/crm.type';
import { Customer } from '../types/customer.type';
import { JourneyConnection, type JourneyEdge, type JourneyEntry } from '../types/journey.type';
import type { JourneyEntryRow } from '../../../journey/journey.repository';
import { CustomerMarketing } from '../types/marketing.type';
import { Profile } from '../types/profile.type';
import { SourceRecord } from '../types/source-record.type';
import { CustomerSupport } from '../types/support.type';

@ArgsType()
class JourneyArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1–100 (default 20).' }) first?: number;
  @Field(() => String, { nullable: true }) after?: string;
  @Field(() => [String], { nullable: true, description: 'Only these channels (email, support, sales, …).' }) channels?: string[];
  @Field(() => Date, { nullable: true, description: 'Entries at or after this time.' }) from?: Date;
  @Field(() => Date, { nullable: true, description: 'Entries before this time.' }) to?: Date;
}

const journeyCursor = (e: JourneyEntryRow) => encodeCursor([e.occurredAt.toISOString(), e.id]);

/** An edge whose cursor is encoded only when a query asks for it (most ask for nodes only). */
class JourneyPageEdge implements JourneyEdge {
  readonly node: JourneyEntry;
  constructor(private readonly entry: JourneyEntryRow) {
    this.node = toJourneyEntry(entry);
  }
  get cursor(): string {
    return journeyCursor(this.entry);
  }
}

/** Nested fields of Customer: each reads through the request's loaders, never per parent. */
@Resolver(() => Customer)
export class CustomerFieldsResolver {
  @FieldResolver(() => Profile)
  async profile(@Root() c: Customer, @Ctx() ctx: RequestContext): Promise<Profile> {
    return toProfile(buildGoldenProfile(await ctx.loaders.records.load(c.id), ctx.region, ctx.junk, ctx.survivorship));
  }

  @FieldResolver(() => [SourceRecord], { description: 'Every live record of every source that belongs to this customer.' })
  async sourceRecords(@Root() c: Customer, @Ctx() ctx: RequestContext): Promise<SourceRecord[]> {
    return (await ctx.loaders.records.load(c.id)).map(toSourceRecord);
  }

  @FieldResolver(() => CustomerCrm)
  async crm(@Root() c: Customer, @Ctx() ctx: RequestContext): Promise<CustomerCrm> {
    const records = await ctx.loaders.records.load(c.id);
    return asInstance(CustomerCrm, { customerId: c.id, opportunities: opportunitiesOf(records).map((o) => toOpportunity(o.record)) });
  }

  @FieldResolver(() => CustomerSupport)
  async support(@Root() c: Customer, @Ctx() ctx: RequestContext): Promise<CustomerSupport> {
    return { tickets: ticketsOf(await ctx.loaders.records.load(c.id)).map(toTicket) };
  }

  @FieldResolver(() => CustomerMarketing)
  async marketing(@Root() c: Customer, @Ctx() ctx: RequestContext): Promise<CustomerMarketing> {
    const records = await ctx.loaders.records.load(c.id);
    return asInstance(CustomerMarketing, {
      customerId: c.id,
      subscriptions: subscriptionsOf(records).map(toSubscription),
      consents: consentsOf(records).map(toConsent),
    });
  }

  @FieldResolver(() => JourneyConnection, { description: 'Every interaction from every source, newest first.' })
  async journey(@Root() c: Customer, @Args() args: JourneyArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<JourneyConnection> {
    const query = journeyQueryOf(args, journeyDetailsAsked(info.fieldNodes, info.fragments));
    const first = query.first;
    const rows = await ctx.loaders.journey(query).load(c.id);
    const page = rows.length > first ? rows.slice(0, first) : rows;
    const last = page.at(-1);
    return {
      edges: page.map((e) => new JourneyPageEdge(e)),
      pageInfo: {
        hasNextPage: rows.length > first,
        get endCursor() {
          return last ? journeyCursor(last) : null;
        },
      },
    };
  }

}
