import { DEFAULT_LIMITS } from '../../../src/api/graphql/limits/limit-settings';
import { ConfigError, loadConfig } from '../../../src/config/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('GraphQL limits configuration', () => {
  it('has safe defaults', () => {
    expect(loadConfig({}).graphqlLimits).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toMatchObject({ maxDepth: 10, maxCost: 25_000, costBudgets: { customer: 5_000 }, maxPageSize: 100, requestTimeoutMs: 10_000 });
  });

  it('reads every variable', () => {
    const env = {
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_ROOT_FIELDS: '3',
      GRAPHQL_MAX_COST: '9000',
      GRAPHQL_COST_BUDGETS: 'analyst=50000, customer = 2000',
      GRAPHQL_COST_LIST_SIZE: '4',
      GRAPHQL_MAX_PAGE_SIZE: '50',
      GRAPHQL_MAX_TOKENS: '2000',
      GRAPHQL_MAX_BODY_BYTES: '65536',
      GRAPHQL_REQUEST_TIMEOUT_MS: '2500',
    };
    expect(loadConfig(env).graphqlLimits).toEqual({
      maxDepth: 8,
      maxAliases: 0,
      maxRootFields: 3,
      maxCost: 9000,
      costBudgets: { analyst: 50000, customer: 2000 },
      unpagedListSize: 4,
      maxPageSize: 50,
      maxTokens: 2000,
      maxBodyBytes: 65536,
      requestTimeoutMs: 2500,
    });
  });

  it('clears the per-role budgets with none', () => {
    expect(loadConfig({ GRAPHQL_COST_BUDGETS: 'none' }).graphqlLimits.costBudgets).toEqual({});
  });

  it('names every bad limit', () => {
    expect(
      problemsOf({
        GRAPHQL_MAX_DEPTH: '0',
        GRAPHQL_MAX_COST: 'lots',
        GRAPHQL_COST_BUDGETS: 'analyst=5000,root=1,marketing=0,support_agent',
        GRAPHQL_MAX_PAGE_SIZE: '500',
        GRAPHQL_REQUEST_TIMEOUT_MS: '10',
      }),
    ).toEqual([
      'GRAPHQL_MAX_DEPTH must be an integer from 1 to 100, got "0"',
      'GRAPHQL_MAX_COST must be an integer from 1 to 100000000, got "lots"',
      'GRAPHQL_COST_BUDGETS must be role=budget pairs separated by commas, with a known role and a budget from 1 to 100000000, got "root=1, marketing=0, support_agent"',
      'GRAPHQL_MAX_PAGE_SIZE must be an integer from 1 to 100, got "500"',
      'GRAPHQL_REQUEST_TIMEOUT_MS must be an integer from 100 to 600000, got "10"',
    ]);
  });
});
