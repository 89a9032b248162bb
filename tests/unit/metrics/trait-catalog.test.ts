import { getNamedType, isNonNullType, isObjectType, type GraphQLObjectType } from 'graphql';
import { buildTesseraSchema } from '../../../src/api/graphql/schema';
import { COLUMNS } from '../../../src/metrics/recompute-sql';
import { TRAIT_CATALOG, traitNamed } from '../../../src/metrics/trait-catalog';
import policy from '../../../src/privacy/policy.json';

const GRAPHQL_TYPE = { number: 'Float', integer: 'Int', timestamp: 'DateTimeISO', text: 'String', boolean: 'Boolean' } as const;
const fields = policy.fields as Record<string, Record<string, string | { class: string }>>;
/** Classifications some role redacts: their fields must be nullable. */
const REDACTED = new Set(Object.values(policy.roles as Record<string, { redact?: string[] }>).flatMap((r) => r.redact ?? []));
const classOf = (type: string, field: string) => {
  const rule = fields[type]?.[field];
  return typeof rule === 'string' ? rule : rule?.class;
};

/** The catalogue segments compile against must say what the table, the API and the policy say. */
describe('trait catalogue', () => {
  let metricsType: GraphQLObjectType;
  let scoreType: GraphQLObjectType;
  beforeAll(async () => {
    const schema = await buildTesseraSchema();
    metricsType = schema.getType('CustomerMetrics') as GraphQLObjectType;
    scoreType = schema.getType('ExperienceScore') as GraphQLObjectType;
  });

  it('has unique names and columns, all of them columns the recompute fills', () => {
    expect(new Set(TRAIT_CATALOG.map((t) => t.name)).size).toBe(TRAIT_CATALOG.length);
    expect(new Set(TRAIT_CATALOG.map((t) => t.column)).size).toBe(TRAIT_CATALOG.length);
    for (const t of TRAIT_CATALOG) expect(COLUMNS).toContain(t.column);
    expect(traitNamed('csat')?.column).toBe('csat');
    expect(traitNamed('nope')).toBeUndefined();
  });

  it.each(TRAIT_CATALOG.map((t) => [t.name, t] as const))('%s is the GraphQL field of the same name, type and classification', (_, t) => {
    const [type, field] = t.name === 'experienceScore' ? [scoreType, 'score'] : [metricsType, t.name];
    const gql = type.getFields()[field];
    expect(gql).toBeDefined();
    expect(isObjectType(getNamedType(gql!.type))).toBe(false);
    expect(getNamedType(gql!.type).name).toBe(GRAPHQL_TYPE[t.type]);
    expect(classOf(type.name, field)).toBe(t.classification);
    // redaction needs a nullable field
    if (REDACTED.has(t.classification)) expect(isNonNullType(gql!.type)).toBe(false);
  });
});
