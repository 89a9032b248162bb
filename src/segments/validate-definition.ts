import { EVENT_TYPES, PROFILE_ATTRIBUTES, SOURCE_SYSTEMS } from './catalogues';
import { OPERATORS_BY_TYPE, type Condition, type SourceSystem, type TraitSpec } from './definition';
import { MAX_DAYS, parseValueTest, show } from './value-test';

export const MAX_DEPTH = 12;
export const MAX_NODES = 200;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.:/-]{0,63}$/;
const KINDS = ['and', 'or', 'not', 'trait', 'profile', 'source', 'consent', 'event'] as const;

export interface ValidationContext {
  traits: readonly TraitSpec[];
  /** Journey types present beyond the shipped catalogue (NDJSON interactions name their own). */
  eventTypes?: ReadonlySet<string>;
}

export type ValidationResult = { ok: true; condition: Condition } | { ok: false; errors: string[] };

/**
 * Checks a definition as sent (JSON) and returns the typed tree, or every problem found, each naming the
 * node by its path: `and[1].or[0].trait: unknown trait "csatt"`.
 */
export function validateDefinition(raw: unknown, context: ValidationContext): ValidationResult {
  const errors: string[] = [];
  const state = { nodes: 0, context, errors };
  const condition = parseNode(raw, '', 0, state);
  if (state.nodes > MAX_NODES) errors.push(`definition: ${state.nodes} conditions, at most ${MAX_NODES}`);
  return errors.length === 0 && condition ? { ok: true, condition } : { ok: false, errors: errors.length ? errors : ['definition: invalid'] };
}

interface State {
  nodes: number;
  context: ValidationContext;
  errors: string[];
}

const join = (base: string, part: string) => (base ? `${base}.${part}` : part);

function parseNode(raw: unknown, path: string, depth: number, state: State): Condition | null {
  state.nodes += 1;
  const where = path || 'definition';
  if (!isObject(raw)) return fail(state, where, `expected a condition object such as {"trait": {...}}, got ${show(raw)}`);
  const keys = Object.keys(raw);
  if (keys.length !== 1 || !(KINDS as readonly string[]).includes(keys[0]!)) {
    return fail(state, where, `a condition has exactly one of ${KINDS.join(', ')}; got ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none'}`);
  }
  const kind = keys[0] as (typeof KINDS)[number];
  const here = join(path, kind);
  const body = raw[kind];
  if (depth >= MAX_DEPTH) return fail(state, here, `nested deeper than ${MAX_DEPTH} levels`);
  switch (kind) {
    case 'and':
    case 'or':
      return parseGroup(kind, body, path, depth, state);
    case 'not': {
      const child = parseNode(body, here, depth + 1, state);
      return child ? { kind: 'not', path: here, child } : null;
    }
    case 'trait':
      return parseTrait(body, here, state);
    case 'profile':
      return parseProfile(body, here, state);
    case 'source':
      return parseSource(body, here, state);
    case 'consent':
      return parseConsent(body, here, state);
    case 'event':
      return parseEvent(body, here, state);
  }
}

function parseGroup(kind: 'and' | 'or', body: unknown, path: string, depth: number, state: State): Condition | null {
  const here = join(path, kind);
  if (!Array.isArray(body) || body.length === 0) return fail(state, here, `expected a non-empty list of conditions, got ${show(body)}`);
  const children = body.map((child, i) => parseNode(child, `${here}[${i}]`, depth + 1, state));
  return children.every((c): c is Condition => c !== null) ? { kind, path: here, children } : null;
}

function parseTrait(body: unknown, here: string, state: State): Condition | null {
  const fields = fieldsOf(body, here, ['name', 'op', 'value'], state);
  if (!fields) return null;
  const name = fields.name;
  const trait = state.context.traits.find((t) => t.name === name);
  if (!trait) {
    const known = state.context.traits.map((t) => t.name);
    return fail(state, here, `unknown trait ${show(name)}${suggestion(name, known)}`);
  }
  const test = parseValueTest(fields, trait.type, OPERATORS_BY_TYPE[trait.type], `trait ${trait.name}`, here, state.errors);
  return test ? { kind: 'trait', path: here, trait, test } : null;
}

function parseProfile(body: unknown, here: string, state: State): Condition | null {
  const fields = fieldsOf(body, here, ['attribute', 'op', 'value'], state);
  if (!fields) return null;
  const spec = PROFILE_ATTRIBUTES.find((a) => a.name === fields.attribute);
  if (!spec) {
    return fail(state, here, `unknown profile attribute ${show(fields.attribute)}${suggestion(fields.attribute, PROFILE_ATTRIBUTES.map((a) => a.name))} (attributes: ${PROFILE_ATTRIBUTES.map((a) => a.name).join(', ')})`);
  }
  const test = parseValueTest(fields, spec.type, spec.operators, `profile attribute ${spec.name}`, here, state.errors);
  return test ? { kind: 'profile', path: here, attribute: spec.name, test } : null;
}

function parseSource(body: unknown, here: string, state: State): Condition | null {
  const fields = fieldsOf(body, here, ['system', 'name'], state);
  if (!fields) return null;
  const systems = Object.keys(SOURCE_SYSTEMS);
  if ((fields.system === undefined) === (fields.name === undefined)) return fail(state, here, 'name exactly one of system (crm, support, marketing, other) or name (a source as imported)');
  if (fields.system !== undefined && !systems.includes(fields.system as string)) {
    return fail(state, here, `unknown system ${show(fields.system)} (systems: ${systems.join(', ')})`);
  }
  if (fields.name !== undefined && !isName(fields.name)) return fail(state, here, `name must be a source name such as "salesforce", got ${show(fields.name)}`);
  return { kind: 'source', path: here, system: (fields.system as SourceSystem | undefined) ?? null, name: (fields.name as string | undefined) ?? null };
}

function parseConsent(body: unknown, here: string, state: State): Condition | null {
  const fields = fieldsOf(body, here, ['channel', 'granted'], state);
  if (!fields) return null;
  if (!isName(fields.channel)) return fail(state, here, `channel must name a consent channel such as "email" or "sms", got ${show(fields.channel)}`);
  if (fields.granted !== undefined && typeof fields.granted !== 'boolean') return fail(state, here, `granted must be true or false, got ${show(fields.granted)}`);
  return { kind: 'consent', path: here, channel: (fields.channel as string).toLowerCase(), granted: (fields.granted as boolean | undefined) ?? true };
}

function parseEvent(body: unknown, here: string, state: State): Condition | null {
  const fields = fieldsOf(body, here, ['type', 'channel', 'source', 'atLeast', 'atMost', 'withinDays'], state);
  if (!fields) return null;
  const known = [...EVENT_TYPES.map((e) => e.type), ...(state.context.eventTypes ?? [])];
  const problems: string[] = [];
  if (typeof fields.type !== 'string' || !known.includes(fields.type)) problems.push(`unknown event type ${show(fields.type)}${suggestion(fields.type, known)} (types: ${[...new Set(known)].join(', ')})`);
  for (const key of ['channel', 'source'] as const) if (fields[key] !== undefined && !isName(fields[key])) problems.push(`${key} must be a name, got ${show(fields[key])}`);
  const derived = EVENT_TYPES.find((e) => e.type === fields.type)?.derived;
  if (derived && fields.channel !== undefined) problems.push(`${derived} is derived from ticket metrics and takes no channel`);
  const count = (key: 'atLeast' | 'atMost') => fields[key] === undefined || (Number.isInteger(fields[key]) && (fields[key] as number) >= 0 && (fields[key] as number) <= 1_000_000);
  if (!count('atLeast') || !count('atMost')) problems.push('atLeast and atMost must be whole numbers from 0 to 1000000');
  const atMost = (fields.atMost as number | undefined) ?? null;
  const atLeast = (fields.atLeast as number | undefined) ?? (atMost === null ? 1 : 0);
  if (atMost !== null && atMost < atLeast) problems.push(`atMost (${atMost}) is below atLeast (${atLeast})`);
  if (atLeast === 0 && atMost === null) problems.push('atLeast 0 without atMost matches every customer');
  const days = fields.withinDays;
  if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_DAYS) problems.push(`withinDays must be a whole number of days from 1 to ${MAX_DAYS}, got ${show(days)}`);
  if (problems.length > 0) {
    for (const problem of problems) fail(state, here, problem);
    return null;
  }
  return {
    kind: 'event',
    path: here,
    type: fields.type as string,
    channel: (fields.channel as string | undefined) ?? null,
    source: (fields.source as string | undefined) ?? null,
    min: atLeast,
    max: atMost,
    withinDays: days as number,
  };
}

/** The leaf's object, with unknown keys reported. */
function fieldsOf(body: unknown, here: string, allowed: string[], state: State): Record<string, unknown> | null {
  if (!isObject(body)) return fail(state, here, `expected an object with ${allowed.join(', ')}, got ${show(body)}`);
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) return fail(state, here, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (expected ${allowed.join(', ')})`);
  return body;
}

function fail(state: State, path: string, message: string): null {
  state.errors.push(`${path}: ${message}`);
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && NAME.test(v);

/** `; did you mean "csat"?` for a near miss (edit distance ≤ 2), else nothing. */
function suggestion(given: unknown, known: readonly string[]): string {
  if (typeof given !== 'string') return '';
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(given.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best ? `; did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}
