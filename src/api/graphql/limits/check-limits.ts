import type { GraphQLError } from 'graphql';
import type { Role } from '../../auth/roles';
import { limitError } from './limit-errors';
import { costBudgetFor, type LimitSettings } from './limit-settings';
import type { OperationMeasure } from './measure-operation';

/** The first limit the operation breaks, as the error the caller sees; null when it may run. */
export function checkLimits(measure: OperationMeasure, settings: LimitSettings, roles: readonly Role[]): GraphQLError | null {
  // Same message as the resolvers' own check (paging.ts), which stays the backstop at 100.
  if (measure.largestPage > settings.maxPageSize) return limitError('BAD_USER_INPUT', `first must be between 1 and ${settings.maxPageSize}`);
  if (measure.depth > settings.maxDepth) {
    return limitError('QUERY_TOO_DEEP', `the query is ${measure.depth} fields deep; at most ${settings.maxDepth} are allowed`);
  }
  if (measure.aliases > settings.maxAliases) {
    return limitError('TOO_MANY_ALIASES', `the query uses ${measure.aliases} aliases; at most ${settings.maxAliases} are allowed`);
  }
  if (measure.rootFields > settings.maxRootFields) {
    return limitError('TOO_MANY_ROOT_FIELDS', `the query asks for ${measure.rootFields} root fields; at most ${settings.maxRootFields} are allowed`);
  }
  const { budget, role } = costBudgetFor(settings, roles);
  if (measure.cost > budget) {
    return limitError(
      'QUERY_TOO_COSTLY',
      `the query's estimated cost is ${measure.cost}; the budget of role ${role ?? 'none'} is ${budget} (ask for smaller pages or fewer fields)`,
    );
  }
  return null;
}
