import type { AccessLogFilter } from '../audit/access-log-filter';
import { isUuid } from './graphql/paging';

/** What is wrong with an auditor's filter, the same for GraphQL and the HTTP export; undefined when nothing. */
export function accessLogFilterProblem(filter: AccessLogFilter): string | undefined {
  if (filter.customerId !== undefined && !isUuid(filter.customerId)) return 'customerId must be a customer id (uuid)';
  if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) return 'from must be before to';
  return undefined;
}
