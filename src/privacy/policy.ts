// The privacy policy as data: classifications per field, actions per role (and purpose), consent per
// purpose. compilePolicy validates a policy document against the fields the API really has and returns
// the one object every enforcement path asks.

export const ACTIONS = ['allow', 'mask', 'pseudonymise', 'redact', 'deny'] as const;
export type Action = (typeof ACTIONS)[number];

export const MASKS = ['email', 'phone', 'year', 'initials', 'postcode_district', 'keep', 'null'] as const;
export type MaskFormat = (typeof MASKS)[number];

/** What the API says about one field, so the policy can be checked against it (no GraphQL types here). */
export interface FieldShape {
  /** `Type.field` */
  coordinate: string;
  nullable: boolean;
  /** String or ID: the only fields a mask or pseudonym (both strings) can stand in for. */
  stringLike: boolean;
}

export interface FieldRule {
  coordinate: string;
  classification: string;
  action: Action;
  mask: MaskFormat | null;
}

export interface Policy {
  version: string;
  classifications: string[];
  /** The rule of every field for a caller; `undefined` for a coordinate the policy does not know (deny). */
  rulesFor(roles: readonly string[], purpose: string): CallerRules;
  /** The consent channel a purpose needs (email, sms, …), or null. */
  consentRequired(purpose: string): string | null;
  fields(): string[];
}

export interface CallerRules {
  /** Why the caller gets nothing at all (purpose not allowed for any of its roles), else null. */
  refusal: string | null;
  /** Row-level restriction: `own` limits a caller to the customer its token subject names. */
  rows: 'all' | 'own';
  field(coordinate: string): FieldRule;
  /** The action for a classification as such (values that are not API fields, e.g. segment traits). */
  classification(name: string): Action;
  /** Classifications an argument filters by; null for arguments that filter by nothing personal. */
  argument(coordinate: string): FieldRule[] | null;
}

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`privacy policy is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PolicyError';
  }
}

interface RoleDocument {
  purposes: string[];
  rows?: 'all' | 'own';
  allow?: string[];
  mask?: string[];
  pseudonymise?: string[];
  redact?: string[];
}

interface PolicyDocument {
  version: string;
  classifications: Record<string, string>;
  purposes: Record<string, { requiresConsent?: string }>;
  roles: Record<string, RoleDocument>;
  arguments?: Record<string, string[]>;
  fields: Record<string, Record<string, string | { class: string; mask?: string }>>;
}

/** Most permissive first: a caller with several roles gets the best action any of them grants. */
const PERMISSIVENESS: Action[] = ['allow', 'mask', 'pseudonymise', 'redact', 'deny'];

export function compilePolicy(raw: unknown, apiFields: FieldShape[]): Policy {
  const problems: string[] = [];
  const doc = raw as PolicyDocument;
  if (!doc || typeof doc !== 'object') throw new PolicyError(['the policy must be a JSON object']);
  if (typeof doc.version !== 'string' || doc.version === '') problems.push('version must be a non-empty string');
  const classes = new Set(Object.keys(doc.classifications ?? {}));
  if (classes.size === 0) problems.push('classifications must name at least one classification');
  const purposes = doc.purposes ?? {};

  // fields: every API field classified, nothing classified that the API lacks
  const shapes = new Map(apiFields.map((f) => [f.coordinate, f]));
  const fieldClass = new Map<string, { classification: string; mask: MaskFormat | null }>();
  for (const [type, fields] of Object.entries(doc.fields ?? {})) {
    for (const [name, entry] of Object.entries(fields)) {
      const coordinate = `${type}.${name}`;
      const classification = typeof entry === 'string' ? entry : entry?.class;
      const mask = typeof entry === 'string' ? undefined : entry?.mask;
      if (!shapes.has(coordinate)) problems.push(`fields: ${coordinate} is not a field of the API`);
      if (!classes.has(classification)) problems.push(`fields: ${coordinate} has unknown classification "${classification}"`);
      if (mask !== undefined && !(MASKS as readonly string[]).includes(mask)) problems.push(`fields: ${coordinate} has unknown mask "${mask}" (known: ${MASKS.join(', ')})`);
      fieldClass.set(coordinate, { classification, mask: (mask as MaskFormat | undefined) ?? null });
    }
  }
  for (const coordinate of shapes.keys()) if (!fieldClass.has(coordinate)) problems.push(`fields: ${coordinate} has no classification`);

  // roles: known purposes and classifications, each classification at most once, actions fit the fields
  const roleActions = new Map<string, { purposes: Set<string>; rows: 'all' | 'own'; actions: Map<string, Action> }>();
  for (const [role, r] of Object.entries(doc.roles ?? {})) {
    const actions = new Map<string, Action>();
    for (const action of ['allow', 'mask', 'pseudonymise', 'redact'] as const) {
      for (const c of r[action] ?? []) {
        if (!classes.has(c)) problems.push(`roles.${role}.${action}: unknown classification "${c}"`);
        if (actions.has(c)) problems.push(`roles.${role}: classification "${c}" has two actions`);
        actions.set(c, action);
      }
    }
    if (!Array.isArray(r.purposes) || r.purposes.length === 0) problems.push(`roles.${role}.purposes must list at least one purpose`);
    for (const p of r.purposes ?? []) if (!(p in purposes)) problems.push(`roles.${role}.purposes: unknown purpose "${p}"`);
    if (r.rows !== undefined && r.rows !== 'all' && r.rows !== 'own') problems.push(`roles.${role}.rows must be "all" or "own"`);
    for (const [coordinate, { classification, mask }] of fieldClass) {
      const shape = shapes.get(coordinate);
      const action = actions.get(classification);
      if (!shape || !action) continue;
      if (action === 'mask' && mask === null) problems.push(`roles.${role} masks "${classification}" but ${coordinate} has no mask format`);
      if (action === 'mask' && mask !== null && mask !== 'keep' && mask !== 'null' && !shape.stringLike) problems.push(`roles.${role} masks ${coordinate}, which is not a string`);
      if (action === 'mask' && mask === 'null' && !shape.nullable) problems.push(`roles.${role} masks ${coordinate} to null, but it is non-null`);
      if (action === 'pseudonymise' && !shape.stringLike) problems.push(`roles.${role} pseudonymises ${coordinate}, which is not a string`);
      if (action === 'redact' && !shape.nullable) problems.push(`roles.${role} redacts ${coordinate}, which is non-null (make it nullable or deny "${classification}")`);
    }
    roleActions.set(role, { purposes: new Set(r.purposes ?? []), rows: r.rows ?? 'all', actions });
  }
  for (const [p, spec] of Object.entries(purposes)) {
    if (spec.requiresConsent !== undefined && typeof spec.requiresConsent !== 'string') problems.push(`purposes.${p}.requiresConsent must be a channel name`);
  }
  const argumentClasses = new Map<string, string[]>();
  for (const [coordinate, list] of Object.entries(doc.arguments ?? {})) {
    const [type, field] = coordinate.split('.');
    if (!shapes.has(`${type}.${field}`)) problems.push(`arguments: ${coordinate} is not an argument of an API field`);
    for (const c of list) if (!classes.has(c)) problems.push(`arguments: ${coordinate} has unknown classification "${c}"`);
    argumentClasses.set(coordinate, list);
  }
  if (problems.length > 0) throw new PolicyError(problems);

  const cache = new Map<string, CallerRules>();
  return {
    version: doc.version,
    classifications: [...classes],
    fields: () => [...fieldClass.keys()],
    consentRequired: (purpose) => purposes[purpose]?.requiresConsent ?? null,
    rulesFor(roles, purpose) {
      const key = `${[...roles].sort().join(',')}|${purpose}`;
      let rules = cache.get(key);
      if (!rules) {
        rules = callerRules(roles.map((r) => roleActions.get(r)).filter((r) => r !== undefined), roles, purpose, fieldClass, argumentClasses);
        cache.set(key, rules);
      }
      return rules;
    },
  };
}

function callerRules(
  granted: { purposes: Set<string>; rows: 'all' | 'own'; actions: Map<string, Action> }[],
  roles: readonly string[],
  purpose: string,
  fieldClass: Map<string, { classification: string; mask: MaskFormat | null }>,
  argumentClasses: Map<string, string[]>,
): CallerRules {
  const usable = granted.filter((g) => g.purposes.has(purpose));
  const refusal = usable.length === 0 ? `purpose "${purpose}" is not allowed for role ${roles.join(', ') || '(none)'}` : null;
  const actionOf = (classification: string): Action => {
    let best: Action = 'deny';
    for (const g of usable) {
      const a = g.actions.get(classification) ?? 'deny';
      if (PERMISSIVENESS.indexOf(a) < PERMISSIVENESS.indexOf(best)) best = a;
    }
    return best;
  };
  const rules = new Map<string, FieldRule>();
  for (const [coordinate, { classification, mask }] of fieldClass) {
    const action = actionOf(classification);
    // a mask that keeps the value is no mask at all
    rules.set(coordinate, { coordinate, classification, action: action === 'mask' && mask === 'keep' ? 'allow' : action, mask });
  }
  return {
    refusal,
    rows: usable.length > 0 && usable.every((g) => g.rows === 'own') ? 'own' : 'all',
    field: (coordinate) => rules.get(coordinate) ?? { coordinate, classification: 'unclassified', action: 'deny', mask: null },
    classification: actionOf,
    argument: (coordinate) => {
      const list = argumentClasses.get(coordinate);
      return list ? list.map((c) => ({ coordinate, classification: c, action: actionOf(c), mask: null })) : null;
    },
  };
}
