import { fieldShapesOf } from '../../../src/api/graphql/privacy/field-shapes';
import { buildTesseraSchema } from '../../../src/api/graphql/schema';
import { TRAIT_CATALOG } from '../../../src/metrics/trait-catalog';
import { loadPolicy } from '../../../src/privacy/default-policy';
import type { Policy } from '../../../src/privacy/policy';
import { policyProblems, readsOf } from '../../../src/segments/segment-policy';
import { validateDefinition } from '../../../src/segments/validate-definition';

let policy: Policy;
beforeAll(async () => {
  policy = loadPolicy(fieldShapesOf(await buildTesseraSchema()));
});

const tree = (definition: unknown) => {
  const result = validateDefinition(definition, { traits: TRAIT_CATALOG });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.condition;
};
const problemsFor = (role: string, purpose: string, definition: unknown) => policyProblems(tree(definition), policy.rulesFor([role], purpose));

describe('segment conditions against the shipped policy', () => {
  it.each<[string, string, string, unknown, string[]]>([
    ['marketing: consent and email events', 'marketing', 'marketing_email', { and: [{ consent: { channel: 'email' } }, { event: { type: 'email_opened', atLeast: 2, withinDays: 30 } }] }, []],
    ['marketing: behavioural traits', 'marketing', 'marketing_email', { trait: { name: 'openRate30d', op: 'gt', value: 20 } }, []],
    ['marketing: country (masked as kept)', 'marketing', 'marketing_email', { profile: { attribute: 'country', op: 'eq', value: 'GB' } }, []],
    ['marketing: has email (pseudonymised, presence visible)', 'marketing', 'marketing_email', { profile: { attribute: 'email', op: 'isNotNull' } }, []],
    ['marketing: birth year (masked to the year)', 'marketing', 'marketing_email', { profile: { attribute: 'birthYear', op: 'lt', value: 1990 } }, []],
    ['marketing: birth date', 'marketing', 'marketing_email', { profile: { attribute: 'birthDate', op: 'lt', value: '1990-01-01' } }, ['profile: reads ProfileDate.value (identity is masked to year for this caller)']],
    ['marketing: postcode (district only)', 'marketing', 'marketing_email', { not: { profile: { attribute: 'postcode', op: 'eq', value: 'SW1A 1AA' } } }, ['not.profile: reads ProfileAddress.postcode (location is masked to postcode_district for this caller)']],
    ['marketing: CSAT and NPS (experience: detractors kept out of mailings)', 'marketing', 'marketing_email', { and: [{ consent: { channel: 'email' } }, { not: { trait: { name: 'npsCategory', op: 'eq', value: 'detractor' } } }, { trait: { name: 'csat', op: 'gte', value: 50 } }] }, []],
    ['marketing: lifetime value (financial)', 'marketing', 'marketing_email', { trait: { name: 'lifetimeValue', op: 'gt', value: 100 } }, ['trait: reads trait lifetimeValue (financial is denied for this caller)']],
    ['marketing: won deals (their stage is financial)', 'marketing', 'marketing_email', { event: { type: 'opportunity_won', atLeast: 3, withinDays: 3650 } }, ['event: reads CrmOpportunity.stage (financial is denied for this caller)']],
    ['marketing: rated tickets (the rating is support content)', 'marketing', 'marketing_email', { event: { type: 'ticket_rated', withinDays: 90 } }, ['event: reads SupportTicket.satisfaction (support_content is redacted for this caller)']],
    ['analyst: won deals', 'analyst', 'analytics', { event: { type: 'opportunity_won', withinDays: 365 } }, []],
    ['analyst: lifetime value', 'analyst', 'analytics', { trait: { name: 'lifetimeValue', op: 'gt', value: 100 } }, []],
    ['analyst: NPS and effort (experience)', 'analyst', 'analytics', { or: [{ trait: { name: 'npsCategory', op: 'eq', value: 'detractor' } }, { trait: { name: 'cesScore', op: 'gt', value: 5 } }] }, []],
    ['auditor: CSAT', 'auditor', 'audit', { trait: { name: 'csat', op: 'lt', value: 50 } }, ['trait: reads trait csat (experience is denied for this caller)']],
    ['admin: anything', 'admin', 'administration', { and: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { profile: { attribute: 'birthDate', op: 'isNotNull' } }] }, []],
    ['auditor: even a source', 'auditor', 'audit', { source: { system: 'crm' } }, []],
    ['auditor: events', 'auditor', 'audit', { event: { type: 'ticket_reopened', withinDays: 90 } }, ['event: reads SupportTicket.reopens (behavioural is denied for this caller)']],
    ['a purpose the role does not have', 'marketing', 'analytics', { source: { system: 'crm' } }, ['purpose "analytics" is not allowed for role marketing']],
  ])('%s', (_, role, purpose, definition, expected) => {
    expect(problemsFor(role, purpose, definition)).toEqual(expected);
  });

  it('names every field a condition reads', () => {
    expect(readsOf(tree({ event: { type: 'email_opened', channel: 'email', source: 'mailchimp', withinDays: 30 } })).map((r) => r.what)).toEqual([
      'JourneyEntry.type',
      'JourneyEntry.channel',
      'JourneyEntry.source',
    ]);
  });
});
