import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import type { RequestContext } from '../context';
import { CrmAccountResolver, CustomerCrmResolver, CustomerMarketingResolver } from './resolvers/channel-fields.resolver';
import { CustomerFieldsResolver } from './resolvers/customer-fields.resolver';
import { CustomerQueryResolver } from './resolvers/customer-query.resolver';
import { CustomerMetricsResolver } from './resolvers/metrics.resolver';
import { ExperienceSummaryResolver } from './resolvers/experience-summary.resolver';
import { CustomerIdentityFieldResolver, CustomerIdentityResolver, IdentityLinkResolver, IdentityResolver } from './resolvers/identity.resolver';
import { AuditResolver } from './resolvers/audit.resolver';
import { PolicyResolver } from './resolvers/policy.resolver';
import { SourceRecordResolver } from './resolvers/source-record.resolver';
import { SubjectRequestResolver } from './resolvers/subject-request.resolver';
import { SegmentFieldsResolver, SegmentResolver } from './resolvers/segment.resolver';

export const resolvers = [
  CustomerQueryResolver,
  CustomerFieldsResolver,
  CustomerMetricsResolver,
  ExperienceSummaryResolver,
  CustomerCrmResolver,
  CrmAccountResolver,
  CustomerMarketingResolver,
  SourceRecordResolver,
  CustomerIdentityFieldResolver,
  CustomerIdentityResolver,
  IdentityLinkResolver,
  IdentityResolver,
  PolicyResolver,
  AuditResolver,
  SubjectRequestResolver,
  SegmentResolver,
  SegmentFieldsResolver,
] as const;

/** Every operation declares @Authorized(roles?); a token with one of the roles (or any role if none listed) passes. */
const authChecker: AuthChecker<RequestContext> = ({ context }, roles) =>
  Boolean(context.viewer) && (roles.length === 0 || roles.some((role) => context.viewer.roles.includes(role as never)));

export function buildTesseraSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...resolvers], authChecker, validate: false });
}
