import { GraphQLJSONObject } from 'graphql-scalars';
import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ErasureError } from '../../../subject-requests/erase-customer';
import type { RequestContext } from '../../context';
import { isUuid } from '../paging';
import { recordRefusedRow } from '../refused-row';

/**
 * The customer id (aliases followed) if the caller may see that customer at all, through the one row-checked
 * path (a customer caller gets only their own record); else null.
 */
async function visibleCustomerId(ctx: RequestContext, requested: string): Promise<string | null> {
  if (!isUuid(requested)) return null;
  const found = await ctx.loaders.profile({ withBundle: false, activityLimit: 0, journey: null }).load(requested.toLowerCase());
  if (!found) recordRefusedRow(ctx, requested);
  return found?.id ?? null;
}

@Resolver()
export class SubjectRequestResolver {
  @Authorized()
  @Query(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Everything Tessera holds on a person as one JSON document (GDPR access and portability): records with payload and lineage (those the source marked deleted too), the golden profile with provenance, consents, journey, computed traits, segment memberships and history, identity links and history, access history; `about` describes each section. Null when the customer does not exist or the caller may not see it.',
  })
  async dataSubjectExport(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RequestContext): Promise<Record<string, unknown> | null> {
    const id = await visibleCustomerId(ctx, customerId);
    return id ? ctx.subjectExport(id) : null;
  }

  @Authorized()
  @Mutation(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Right to erasure: removes the person from every table of the hub (and their values from the identity model\'s frequency tables), and returns a receipt listing per source the external ids to delete there too. Later imports skip these records. Asked again for an erased customer, returns the same receipt with alreadyErased: true. Null when the customer does not exist or the caller may not see it.',
  })
  async eraseCustomer(
    @Arg('customerId', () => ID) customerId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Record<string, unknown> | null> {
    // a customer erased before is no longer visible; a caller who may see everyone gets its receipt again
    const id = (await visibleCustomerId(ctx, customerId)) ?? (!ctx.loaders.restricted && isUuid(customerId) ? customerId.toLowerCase() : null);
    if (!id) return null;
    ctx.loaders.touched.add(id);
    try {
      const receipt = await ctx.erase({
        customerId: id,
        actor: ctx.viewer.subject,
        roles: ctx.viewer.roles,
        purpose: ctx.viewer.purpose,
        requestId: ctx.requestId,
        reason,
      });
      return receipt ? { ...receipt } : null;
    } catch (error) {
      if (error instanceof ErasureError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
      throw error;
    }
  }
}
