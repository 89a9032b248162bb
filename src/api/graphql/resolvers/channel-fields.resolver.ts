import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { toAccount, toEmailActivity, toOpportunity } from '../mappers';
import { pageSize } from '../paging';
import { CrmAccount, CrmOpportunity, CustomerCrm } from '../types/crm.type';
import { CustomerMarketing, EmailActivity } from '../types/marketing.type';

@Resolver(() => CustomerCrm)
export class CustomerCrmResolver {
  @FieldResolver(() => [CrmAccount], { description: "The accounts of the customer's CRM contacts." })
  async accounts(@Root() crm: CustomerCrm, @Ctx() ctx: RequestContext): Promise<CrmAccount[]> {
    return (await ctx.loaders.accounts.load(crm.customerId)).map((r) => toAccount(r, crm.customerId));
  }
}

@Resolver(() => CrmAccount)
export class CrmAccountResolver {
  @FieldResolver(() => [CrmOpportunity], {
    description:
      "The account's opportunities, whoever the contact. A caller limited to some customers (the customer role, consent-bound purposes) sees only this customer's.",
  })
  async opportunities(@Root() account: CrmAccount, @Ctx() ctx: RequestContext): Promise<CrmOpportunity[]> {
    const key = { source: account.source, externalId: account.externalId };
    return (await ctx.loaders.accountOpportunities.load(key, account.viewedCustomerId)).map(toOpportunity);
  }
}

@Resolver(() => CustomerMarketing)
export class CustomerMarketingResolver {
  @FieldResolver(() => [EmailActivity], { description: 'Latest email activity, newest first (at most 100 per page; the journey has all).' })
  async activity(
    @Root() m: CustomerMarketing,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<EmailActivity[]> {
    const n = pageSize(first, 20);
    return (await ctx.loaders.activity(n).load(m.customerId)).map(toEmailActivity);
  }
}
