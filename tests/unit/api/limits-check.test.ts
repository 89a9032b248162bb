import { checkLimits } from '../../../src/api/graphql/limits/check-limits';
import { costBudgetFor, DEFAULT_LIMITS, type LimitSettings } from '../../../src/api/graphql/limits/limit-settings';
import type { OperationMeasure } from '../../../src/api/graphql/limits/measure-operation';

const SETTINGS: LimitSettings = { ...DEFAULT_LIMITS, maxDepth: 5, maxAliases: 2, maxRootFields: 3, maxPageSize: 50, maxCost: 1000, costBudgets: { analyst: 5000, customer: 100 } };
const SMALL: OperationMeasure = { depth: 3, aliases: 0, rootFields: 1, cost: 50, largestPage: 10, dependsOnVariables: false };

const refusal = (measure: Partial<OperationMeasure>, roles: Parameters<typeof checkLimits>[2] = ['admin']) => {
  const error = checkLimits({ ...SMALL, ...measure }, SETTINGS, roles);
  return error && { code: error.extensions.code, status: (error.extensions.http as { status: number }).status, message: error.message };
};

describe('checkLimits', () => {
  it('lets an operation within every limit run', () => {
    expect(refusal({})).toBeNull();
    expect(refusal({ depth: 5, aliases: 2, rootFields: 3, cost: 1000, largestPage: 50 })).toBeNull();
  });

  it.each([
    [{ largestPage: 51 }, 'BAD_USER_INPUT', 'first must be between 1 and 50'],
    [{ depth: 6 }, 'QUERY_TOO_DEEP', 'the query is 6 fields deep; at most 5 are allowed'],
    [{ aliases: 3 }, 'TOO_MANY_ALIASES', 'the query uses 3 aliases; at most 2 are allowed'],
    [{ rootFields: 4 }, 'TOO_MANY_ROOT_FIELDS', 'the query asks for 4 root fields; at most 3 are allowed'],
    [{ cost: 1001 }, 'QUERY_TOO_COSTLY', "the query's estimated cost is 1001; the budget of role admin is 1000 (ask for smaller pages or fewer fields)"],
  ])('%j is refused with %s and HTTP 400', (measure, code, message) => {
    expect(refusal(measure)).toEqual({ code, status: 400, message });
  });

  it('uses the budget of the role, and the largest one for a caller with several roles', () => {
    expect(refusal({ cost: 4000 }, ['analyst'])).toBeNull();
    expect(refusal({ cost: 101 }, ['customer'])?.message).toContain('the budget of role customer is 100');
    expect(refusal({ cost: 4000 }, ['customer', 'analyst'])).toBeNull();
    expect(refusal({ cost: 1001 }, ['customer', 'admin'])?.message).toContain('the budget of role admin is 1000');
  });
});

describe('costBudgetFor', () => {
  it('falls back to the default budget for a role without its own', () => {
    expect(costBudgetFor(SETTINGS, ['marketing'])).toEqual({ budget: 1000, role: 'marketing' });
    expect(costBudgetFor(SETTINGS, [])).toEqual({ budget: 0, role: undefined });
  });
});
