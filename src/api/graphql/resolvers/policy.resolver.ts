import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { DEFAULT_PURPOSE, isRole } from '../../auth/roles';
import type { RequestContext } from '../../context';
import { badInput } from '../../errors';
import { PolicyExplanation } from '../types/policy.type';

@Resolver()
export class PolicyResolver {
  @Authorized()
  @Query(() => PolicyExplanation, { description: 'For a role and purpose (default: the caller’s), which fields are shown, masked, pseudonymised, redacted or refused.' })
  privacyPolicy(
    @Arg('role', () => String, { nullable: true }) role: string | undefined,
    @Arg('purpose', () => String, { nullable: true }) purpose: string | undefined,
    @Ctx() ctx: RequestContext,
  ): PolicyExplanation {
    const asRole = role ?? ctx.viewer.roles[0]!;
    if (!isRole(asRole)) throw badInput(`unknown role "${asRole}"`);
    const asPurpose = purpose ?? (role ? DEFAULT_PURPOSE[asRole] : ctx.viewer.purpose);
    const policy = ctx.privacy;
    const rules = policy.rulesFor([asRole], asPurpose);
    return {
      version: policy.version,
      role: asRole,
      purpose: asPurpose,
      refusal: rules.refusal,
      requiresConsent: policy.consentRequired(asPurpose),
      rows: rules.rows,
      fields: policy.fields().map((f) => {
        const rule = rules.field(f);
        return { field: f, classification: rule.classification, action: rules.refusal ? 'deny' : rule.action, mask: rule.action === 'mask' ? rule.mask : null };
      }),
    };
  }
}
