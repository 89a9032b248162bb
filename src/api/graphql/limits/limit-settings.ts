import type { Role } from '../../auth/roles';

/** Every limit of the GraphQL endpoint; config/config.ts fills it from the environment. */
export interface LimitSettings {
  /** Deepest field nesting; root fields are depth 1. */
  maxDepth: number;
  /** Aliased fields in the operation, fragments expanded. */
  maxAliases: number;
  /** Fields at the root of the operation, fragments expanded (batched HTTP requests are off). */
  maxRootFields: number;
  /** Cost budget of a role without its own entry in `costBudgets`. */
  maxCost: number;
  costBudgets: Partial<Record<Role, number>>;
  /** Items a list without `first` is assumed to hold when the cost is estimated. */
  unpagedListSize: number;
  /** Largest `first`; the resolvers refuse more than 100 whatever this says. */
  maxPageSize: number;
  /** Tokens the parser reads before giving up: bounds the cost of parsing and validation. */
  maxTokens: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
}

export const DEFAULT_LIMITS: LimitSettings = {
  maxDepth: 10,
  maxAliases: 20,
  maxRootFields: 10,
  maxCost: 25_000,
  // A customer sees one profile: no reason to let a self-service app ask for lists of thousands of values.
  costBudgets: { customer: 5_000 },
  unpagedListSize: 10,
  maxPageSize: 100,
  maxTokens: 5_000,
  maxBodyBytes: 100 * 1024,
  requestTimeoutMs: 10_000,
};

/** Page size the resolvers use when `first` is absent (see paging.ts callers). */
export const DEFAULT_PAGE_SIZE = 20;

/** A caller with several roles gets the largest of their budgets. */
export function costBudgetFor(settings: LimitSettings, roles: readonly Role[]): { budget: number; role: Role | undefined } {
  let best: { budget: number; role: Role | undefined } = { budget: 0, role: undefined };
  for (const role of roles) {
    const budget = settings.costBudgets[role] ?? settings.maxCost;
    if (budget > best.budget) best = { budget, role };
  }
  return best;
}
