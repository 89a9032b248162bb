import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { emptySummary, EVERY_CUSTOMER, summaryPeriod, type SummaryScope } from '../../../metrics/experience-summary';
import type { RequestContext } from '../../context';
import { badInput } from '../../errors';
import { isUuid } from '../paging';
import { ExperienceSummary } from '../types/experience-summary.type';

/**
 * The caller's rows, as every other read applies them (profile/customer.loaders.ts): a customer sees the
 * summary of their own data, a consent-bound purpose that of consenting customers. Otherwise a narrow
 * period would show one other customer's rating.
 */
function scopeOf(ctx: RequestContext): SummaryScope | null {
  const { ownCustomerId, consentChannel } = ctx.loaders.access;
  if (ownCustomerId === null && consentChannel === null) return EVERY_CUSTOMER;
  if (ownCustomerId !== null && !isUuid(ownCustomerId)) return null;
  return { customerId: ownCustomerId?.toLowerCase() ?? null, consentChannel };
}

@Resolver()
export class ExperienceSummaryResolver {
  @Authorized()
  @Query(() => ExperienceSummary, {
    description: 'CSAT, NPS, customer effort and handoffs over every customer the caller may see, in a period (default: the 90 days up to now); aggregates only.',
  })
  async experienceSummary(
    @Arg('from', () => Date, { nullable: true, description: 'Start (inclusive); default 90 days before `to`.' }) from: Date | undefined,
    @Arg('to', () => Date, { nullable: true, description: 'End (exclusive); default now.' }) to: Date | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ExperienceSummary> {
    const period = summaryPeriod(from, to);
    if ('problem' in period) throw badInput(period.problem);
    const scope = scopeOf(ctx);
    return scope ? ctx.experience.summary(period, scope) : emptySummary(period);
  }
}
