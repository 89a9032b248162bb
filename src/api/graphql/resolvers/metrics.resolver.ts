import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CustomerMetrics as Traits } from '../../../metrics/customer-metrics';
import type { RequestContext } from '../../context';
import { Customer } from '../types/customer.type';
import { CustomerMetrics } from '../types/metrics.type';

/** Customer.metrics: read with the profile when the query asks for it (profile-plan.ts), else batched. */
@Resolver(() => Customer)
export class CustomerMetricsResolver {
  @FieldResolver(() => CustomerMetrics, { nullable: true, description: 'Computed traits and experience score; null until first computed.' })
  async metrics(@Root() c: Customer, @Ctx() ctx: RequestContext): Promise<CustomerMetrics | null> {
    const traits = await ctx.loaders.metrics.load(c.id);
    return traits ? toMetrics(traits) : null;
  }
}

/**
 * The traits as the schema shapes them: the three fields it shapes differently are set on an object that
 * inherits every other trait from the loaded one. Copying some thirty traits per profile (a rest pattern,
 * then a spread) showed in the profile's CPU; the loaded object stays untouched for other fields.
 */
function toMetrics(m: Traits): CustomerMetrics {
  const shaped = Object.create(m) as CustomerMetrics;
  shaped.channelMix = Object.entries(m.channelMix)
    .map(([channel, count]) => ({ channel, count }))
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
  shaped.listStatuses = Object.entries(m.listStatuses).map(([listId, status]) => ({ listId, status }));
  shaped.experienceScore = { score: m.experienceScore, components: m.experienceComponents };
  return shaped;
}
