import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { isUuid } from '../paging';

@Resolver()
export class SubjectRequestResolver {
  @Authorized()
  @Query(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Everything Tessera holds on a person (records with payload and lineage, consents, journey, identity links and history, access history) as one JSON document (GDPR access and portability). Null when the customer does not exist or the caller may not see it.',
  })
  async dataSubjectExport(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RequestContext): Promise<Record<string, unknown> | null> {
    if (!isUuid(customerId)) return null;
    // Through the one row-checked path: a customer caller gets only their own record.
    const visible = await ctx.loaders.profile({ withBundle: false, activityLimit: 0, journey: null }).load(customerId.toLowerCase());
    return visible ? ctx.subjectExport(visible.id) : null;
  }
}
