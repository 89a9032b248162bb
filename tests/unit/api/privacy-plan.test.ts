import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { fieldShapesOf } from '../../../src/api/graphql/privacy/field-shapes';
import { applyPlan, type Changes } from '../../../src/api/graphql/privacy/apply-plan';
import { buildEnforcementPlan, refusalsFor } from '../../../src/api/graphql/privacy/enforcement-plan';
import { compilePolicy } from '../../../src/privacy/policy';

const schema = buildSchema(`
  type Query { person(id: ID!): Person people(search: String): [Person!]! }
  type Person { id: ID! name: String! email: String note: String friends: [Person!]! }
`);
const policy = compilePolicy(
  {
    version: 't',
    classifications: { public: '', identity: '', contact: '', secret: '' },
    purposes: { p: {} },
    roles: { viewer: { purposes: ['p'], allow: ['public'], mask: ['identity'], pseudonymise: ['contact'] } },
    arguments: { 'Query.people.search': ['identity'] },
    fields: {
      Query: { person: 'public', people: 'public' },
      Person: { id: 'public', name: { class: 'identity', mask: 'initials' }, email: 'contact', note: 'secret', friends: 'public' },
    },
  },
  fieldShapesOf(schema),
);

function planOf(query: string) {
  const doc = parse(query);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return buildEnforcementPlan(schema, operation, fragments, policy.rulesFor(['viewer'], 'p'));
}

describe('enforcement plan', () => {
  it('keeps only the branches that change, through aliases, fragments and lists', () => {
    const plan = planOf(`{ a: person(id: 1) { id ...F } b: person(id: 2) { id } }
      fragment F on Person { who: name friends { ... on Person { email } } }`);
    expect(plan.denied).toEqual([]);
    expect([...plan.root!.keys()]).toEqual(['a']);
    const a = plan.root!.get('a')!;
    expect(a.children!.get('who')!.rule).toMatchObject({ action: 'mask', mask: 'initials' });
    expect(a.children!.get('friends')!.children!.get('email')!.rule).toMatchObject({ action: 'pseudonymise' });

    const data = { a: { id: '1', who: 'Ada Lovelace', friends: [{ email: 'x@y.z' }, { email: null }] }, b: { id: '2' } };
    const changes: Changes = new Map();
    applyPlan(data, plan.root!, 'key', changes);
    expect(data.a.who).toBe('A. L.');
    expect(data.a.friends[0]!.email).toMatch(/^pz_/);
    expect(data.a.friends[1]!.email).toBeNull();
    expect(changes.get('Person.email')).toMatchObject({ action: 'pseudonymise', count: 1 });
  });

  it('refuses unclassified-for-the-role fields and filtering by a masked classification', () => {
    expect(planOf(`{ person(id: 1) { note } }`).denied).toEqual(['Person.note']);
    expect(planOf(`{ people(search: "ada") { id } }`).denied).toEqual(['Query.people(search:) filters by identity']);
    expect(planOf(`{ people { id } }`)).toEqual({ denied: [], fields: { 'Query.people': 'allowed', 'Person.id': 'allowed' }, root: null, deniedIfSet: [] });
    // by a variable: refused only when the request sets it; a literal null filters by nothing
    const byVariable = planOf(`query($s: String) { people(search: $s) { id } }`);
    expect(byVariable.denied).toEqual([]);
    expect(refusalsFor(byVariable, {}).denied).toEqual([]);
    expect(refusalsFor(byVariable, { s: null }).denied).toEqual([]);
    expect(refusalsFor(byVariable, { s: 'ada' })).toMatchObject({ denied: ['Query.people(search:) filters by identity'], fields: { 'Query.people(search:)': 'denied' } });
    expect(planOf(`{ people(search: null) { id } }`).denied).toEqual([]);
    expect(planOf(`query($s: String = "ada") { people(search: $s) { id } }`).denied).toEqual(['Query.people(search:) filters by identity']);
  });

  it('refuses everything when the purpose is not the role’s', () => {
    const doc = parse(`{ person(id: 1) { id } }`);
    const plan = buildEnforcementPlan(schema, doc.definitions[0] as OperationDefinitionNode, {}, policy.rulesFor(['viewer'], 'other'));
    expect(plan.denied[0]).toMatch(/purpose "other" is not allowed/);
  });
});
