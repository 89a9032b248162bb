import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode } from 'graphql';
import type { Policy } from '../../../privacy/policy';
import type { RequestContext } from '../../context';
import { applyPlan, type Changes } from './apply-plan';
import { buildEnforcementPlan, refusalsFor, type EnforcementPlan } from './enforcement-plan';

const PLANS_KEPT = 1000;

export interface PrivacySettings {
  policy: Policy;
  /** Key of the pseudonyms (HMAC); stable within a deployment. */
  pseudonymKey: string;
}

/**
 * The one place field-level policy is enforced, for every operation whatever its shape: after the
 * operation is resolved, its plan (cached per operation and caller kind) refuses denied fields and
 * filtering arguments before anything runs; before the response is sent, the plan masks, pseudonymises
 * or redacts the values it names, and the response extensions say what was done.
 */
export function privacyPlugin(settings: PrivacySettings): ApolloServerPlugin<RequestContext> {
  const plans = new Map<string, EnforcementPlan>();
  const planFor = (key: string, build: () => EnforcementPlan): EnforcementPlan => {
    let plan = plans.get(key);
    if (!plan) {
      plan = build();
      if (plans.size >= PLANS_KEPT) plans.delete(plans.keys().next().value!);
      plans.set(key, plan);
    }
    return plan;
  };
  return {
    async requestDidStart() {
      let plan: EnforcementPlan | null = null;
      return {
        async didResolveOperation(rc) {
          const { viewer } = rc.contextValue;
          const operation = rc.operation;
          if (!operation) return; // Apollo has already refused a document without the operation
          const rules = settings.policy.rulesFor(viewer.roles, viewer.purpose);
          const key = `${rc.queryHash}\u0000${rc.operationName ?? ''}\u0000${[...viewer.roles].sort().join(',')}\u0000${viewer.purpose}`;
          plan = planFor(key, () => {
            const fragments: Record<string, FragmentDefinitionNode> = {};
            for (const d of rc.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
            return buildEnforcementPlan(rc.schema, operation, fragments, rules);
          });
          const { denied, fields } = refusalsFor(plan, rc.request.variables);
          rc.contextValue.access.fields = fields;
          if (denied.length > 0) {
            rc.contextValue.access.denied = true;
            throw new GraphQLError(`not allowed by the privacy policy for role ${viewer.roles.join(', ')} and purpose ${viewer.purpose}: ${denied.join('; ')}`, {
              extensions: { code: 'POLICY_DENIED', http: { status: 403 } },
            });
          }
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          if (!plan?.root || body.kind !== 'single' || !body.singleResult.data) return;
          const changes: Changes = new Map();
          applyPlan(body.singleResult.data, plan.root, settings.pseudonymKey, changes);
          if (changes.size === 0) return;
          body.singleResult.extensions = {
            ...body.singleResult.extensions,
            privacy: {
              policyVersion: settings.policy.version,
              applied: [...changes].map(([field, c]) => ({
                field,
                classification: c.classification,
                action: c.action,
                count: c.count,
                reason: `${c.classification} is ${c.action === 'redact' ? 'redacted' : c.action === 'mask' ? 'masked' : 'pseudonymised'} for role ${rc.contextValue.viewer.roles.join(', ')} and purpose ${rc.contextValue.viewer.purpose}`,
              })),
            },
          };
        },
      };
    },
  };
}
