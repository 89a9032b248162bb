import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { measureOperation } from '../../../src/api/graphql/limits/measure-operation';

const schema = buildSchema(`
  type Query {
    customer(id: ID!): Customer
    customers(first: Int, after: String): CustomerConnection!
    recent(first: Int = 3): [Customer!]!
    node(id: ID!): Node
  }
  interface Node { id: ID! }
  type CustomerConnection { edges: [CustomerEdge!]! pageInfo: PageInfo! }
  type CustomerEdge { cursor: String! node: Customer! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Customer implements Node {
    id: ID!
    name: String
    tags: [String!]!
    emails: [Email!]!
    journey(first: Int): JourneyConnection!
  }
  type Email { value: String provenance: [Source!]! }
  type Source { name: String }
  type JourneyConnection { edges: [JourneyEdge!]! }
  type JourneyEdge { node: Entry! }
  type Entry { type: String }
`);

const RULES = { defaultPageSize: 20, unpagedListSize: 10 };

function measure(source: string, variables?: Record<string, unknown>, operationName?: string) {
  const document = parse(source);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  const operations: OperationDefinitionNode[] = [];
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    if (d.kind === Kind.OPERATION_DEFINITION) operations.push(d);
  }
  const operation = operations.find((o) => !operationName || o.name?.value === operationName)!;
  return measureOperation(schema, operation, fragments, variables, RULES);
}

describe('measureOperation', () => {
  it.each([
    // query | depth | cost: every field 1, a subtree once per item of its list or page
    ['{ customer(id: 1) { id } }', 2, 2],
    ['{ customer(id: 1) { id name } }', 2, 3],
    // scalar lists are leaves: one value each, whatever their length
    ['{ customer(id: 1) { tags } }', 2, 2],
    // an unpaged object list counts its assumed size (10): 1 + 10 × 1
    ['{ customer(id: 1) { emails { value } } }', 3, 1 + 1 + 10],
    // lists nest: 1 + 10 × (value 1 + provenance (1 + 10 × 1))
    ['{ customer(id: 1) { emails { value provenance { name } } } }', 4, 1 + 1 + 10 * (1 + 1 + 10)],
    // a connection counts `first`; its edges are not counted again: 1 + 5 × (edges 1 + node 1 + id 1)
    ['{ customers(first: 5) { edges { node { id } } } }', 4, 1 + 5 * 3],
    // pageInfo sits under the page too (an over-estimate by design: simple and safe)
    ['{ customers(first: 5) { pageInfo { hasNextPage } } }', 3, 1 + 5 * 2],
    // no `first`: the resolvers' default page of 20
    ['{ customers { edges { cursor } } }', 3, 1 + 20 * 2],
    // the schema's own default wins over the resolvers'
    ['{ recent { id } }', 2, 1 + 3 * 1],
    // nested connections multiply: 1 + 10 × (edges 1 + node (1 + journey (1 + 4 × (edges 1 + node 1 + type 1))))
    ['{ customers(first: 10) { edges { node { journey(first: 4) { edges { node { type } } } } } } }', 7, 1 + 10 * (1 + 1 + (1 + 4 * 3))],
    ['{ __typename }', 1, 1],
  ])('%s → depth %d, cost %d', (query, depth, cost) => {
    expect(measure(query)).toMatchObject({ depth, cost });
  });

  it('expands named fragments where they are spread, and measures a fragment once however often it is spread', () => {
    const query = `
      { a: customer(id: 1) { ...Parts } b: customer(id: 2) { ...Parts } }
      fragment Parts on Customer { id e: emails { value } }`;
    expect(measure(query)).toEqual({ depth: 3, aliases: 4, rootFields: 2, cost: 2 * (1 + 1 + (1 + 10)), largestPage: 0, dependsOnVariables: false });
  });

  it('counts inline fragments, with or without a type condition', () => {
    const query = `{ node(id: 1) { id ... on Customer { name journey(first: 2) { edges { node { type } } } } ... { id } } }`;
    // node 1 + id 1 + name 1 + journey (1 + 2 × 3) + id 1
    expect(measure(query)).toMatchObject({ depth: 5, cost: 1 + 1 + 1 + (1 + 2 * 3) + 1 });
  });

  it('takes `first` from the variables, then from the variable default, then the page default', () => {
    const query = `query($n: Int = 7) { customers(first: $n) { edges { cursor } } }`;
    expect(measure(query, { n: 50 })).toMatchObject({ cost: 1 + 50 * 2, largestPage: 50, dependsOnVariables: true });
    expect(measure(query, {})).toMatchObject({ cost: 1 + 7 * 2, largestPage: 7 });
    expect(measure(query, { n: null })).toMatchObject({ cost: 1 + 20 * 2, largestPage: 20 });
    expect(measure(`query($n: Int) { customers(first: $n) { edges { cursor } } }`)).toMatchObject({ cost: 1 + 20 * 2 });
  });

  it('reports the largest page asked for anywhere, also inside fragments', () => {
    const query = `query($big: Int) { customers(first: 2) { edges { node { ...J } } } } fragment J on Customer { journey(first: $big) { edges { node { type } } } }`;
    expect(measure(query, { big: 1000 }).largestPage).toBe(1000);
  });

  it('counts aliases and root fields with fragments expanded', () => {
    const query = `
      { x: customer(id: 1) { n: name } ...Roots ... on Query { z: customer(id: 3) { id } } }
      fragment Roots on Query { y: customer(id: 2) { n: name } }`;
    expect(measure(query)).toMatchObject({ aliases: 5, rootFields: 3 });
  });

  it('measures only the operation that runs', () => {
    const query = `query Small { customer(id: 1) { id } } query Big { customers(first: 100) { edges { node { emails { value } } } } }`;
    expect(measure(query, undefined, 'Small')).toMatchObject({ cost: 2, depth: 2 });
    expect(measure(query, undefined, 'Big').cost).toBe(1 + 100 * (1 + 1 + (1 + 10)));
  });

  it('leaves introspection out (production refuses it; the development explorer needs it)', () => {
    expect(measure(`{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`)).toMatchObject({ depth: 0, cost: 0, rootFields: 1 });
  });

  it('stays finite on a fragment cycle (validation refuses it first; the walk must not hang)', () => {
    const query = `{ customer(id: 1) { ...A } } fragment A on Customer { id ...B } fragment B on Customer { name ...A }`;
    expect(measure(query)).toMatchObject({ depth: 2, cost: 3 });
  });

  // Walking the expanded tree would take 2^30 steps; each fragment is measured once instead.
  it('measures exponentially spread fragments without expanding them', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Customer { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const query = `{ customer(id: 1) { ...F0 } } ${fragments} fragment F${levels} on Customer { id }`;
    expect(measure(query)).toMatchObject({ depth: 2, cost: 1 + 2 ** levels });
  });
});
