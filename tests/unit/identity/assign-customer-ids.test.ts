import { assignCustomerIds, type Assignment, type ClusterMember } from '../../../src/identity/assign-customer-ids';

/** `m('r1', 'C1')` → record r1 currently on customer C1; `m('r1')` → a record with no customer yet. */
function m(recordId: string, customerId: string | null = null): ClusterMember {
  return { recordId, customerId };
}

/** Mints N1, N2, … in call order, so created ids are predictable. */
function sequence(): () => string {
  let n = 0;
  return () => `N${++n}`;
}

interface Plain {
  customerOf: Record<string, string>;
  created: string[];
  aliases: Record<string, string>;
  emptied: string[];
}

function plain(a: Assignment, clusters: ClusterMember[][]): Plain {
  return {
    customerOf: Object.fromEntries(clusters.flatMap((c, i) => c.map((m) => [m.recordId, a.clusterIds[i]!]))),
    created: a.created,
    aliases: Object.fromEntries(a.aliases),
    emptied: a.emptied,
  };
}

describe('assignCustomerIds', () => {
  const cases: { name: string; clusters: ClusterMember[][]; previous: string[]; expected: Plain }[] = [
    {
      name: 'nothing in, nothing out',
      clusters: [],
      previous: [],
      expected: { customerOf: {}, created: [], aliases: {}, emptied: [] },
    },
    {
      name: 'first run mints one id per cluster, larger clusters first',
      clusters: [[m('r3')], [m('r1'), m('r2')]],
      previous: [],
      expected: { customerOf: { r1: 'N1', r2: 'N1', r3: 'N2' }, created: ['N1', 'N2'], aliases: {}, emptied: [] },
    },
    {
      name: 're-run with the same clusters keeps every id and creates nothing',
      clusters: [[m('r1', 'C1'), m('r2', 'C1')], [m('r3', 'C2')]],
      previous: ['C1', 'C2'],
      expected: { customerOf: { r1: 'C1', r2: 'C1', r3: 'C2' }, created: [], aliases: {}, emptied: [] },
    },
    {
      name: 'a new record joining a cluster takes the cluster id',
      clusters: [[m('r1', 'C1'), m('r9')]],
      previous: ['C1'],
      expected: { customerOf: { r1: 'C1', r9: 'C1' }, created: [], aliases: {}, emptied: [] },
    },
    {
      name: 'merge: the id with more records wins, the other becomes its alias',
      clusters: [[m('r1', 'SMALL'), m('r2', 'BIG'), m('r3', 'BIG')]],
      previous: ['BIG', 'SMALL'],
      expected: { customerOf: { r1: 'BIG', r2: 'BIG', r3: 'BIG' }, created: [], aliases: { SMALL: 'BIG' }, emptied: [] },
    },
    {
      name: 'merge of equally sized clusters: the smaller id (by sort order) wins',
      clusters: [[m('r1', 'C2'), m('r2', 'C1')]],
      previous: ['C2', 'C1'],
      expected: { customerOf: { r1: 'C1', r2: 'C1' }, created: [], aliases: { C2: 'C1' }, emptied: [] },
    },
    {
      name: 'merge of three clusters aliases both losers to the winner',
      clusters: [[m('a', 'A'), m('b1', 'B'), m('b2', 'B'), m('c', 'C')]],
      previous: ['A', 'B', 'C'],
      expected: { customerOf: { a: 'B', b1: 'B', b2: 'B', c: 'B' }, created: [], aliases: { A: 'B', C: 'B' }, emptied: [] },
    },
    {
      name: 'split: the larger side keeps the id, the smaller side gets a new one',
      clusters: [[m('r3', 'C1')], [m('r1', 'C1'), m('r2', 'C1')]],
      previous: ['C1'],
      expected: { customerOf: { r1: 'C1', r2: 'C1', r3: 'N1' }, created: ['N1'], aliases: {}, emptied: [] },
    },
    {
      name: 'split into equal halves: the half with the smallest record id keeps the id',
      clusters: [[m('r2', 'C1')], [m('r1', 'C1')]],
      previous: ['C1'],
      expected: { customerOf: { r1: 'C1', r2: 'N1' }, created: ['N1'], aliases: {}, emptied: [] },
    },
    {
      name: 'split side that still holds another free id keeps that id',
      clusters: [[m('r1', 'C1'), m('r2', 'C1')], [m('r3', 'C1'), m('r4', 'C2')]],
      previous: ['C1', 'C2'],
      expected: { customerOf: { r1: 'C1', r2: 'C1', r3: 'C2', r4: 'C2' }, created: [], aliases: {}, emptied: [] },
    },
    {
      name: 'an id whose records are all gone is emptied',
      clusters: [[m('r1', 'C1')]],
      previous: ['C1', 'GONE'],
      expected: { customerOf: { r1: 'C1' }, created: [], aliases: {}, emptied: ['GONE'] },
    },
    {
      name: 'every previous id emptied when no records remain; duplicates reported once',
      clusters: [],
      previous: ['C1', 'C2', 'C1'],
      expected: { customerOf: {}, created: [], aliases: {}, emptied: ['C1', 'C2'] },
    },
    {
      name: 'an id split across clusters that kept other ids aliases to where most of its records went',
      clusters: [
        [m('a1', 'A'), m('a2', 'A'), m('a3', 'A'), m('z1', 'Z')],
        [m('b1', 'B'), m('b2', 'B'), m('b3', 'B'), m('z2', 'Z'), m('z3', 'Z')],
      ],
      previous: ['A', 'B', 'Z'],
      expected: {
        customerOf: { a1: 'A', a2: 'A', a3: 'A', z1: 'A', b1: 'B', b2: 'B', b3: 'B', z2: 'B', z3: 'B' },
        created: [],
        aliases: { Z: 'B' },
        emptied: [],
      },
    },
    {
      name: 'alias destination ties break by the smaller destination id',
      clusters: [
        [m('a1', 'A'), m('a2', 'A'), m('z1', 'Z')],
        [m('b1', 'B'), m('b2', 'B'), m('z2', 'Z')],
      ],
      previous: ['A', 'B', 'Z'],
      expected: {
        customerOf: { a1: 'A', a2: 'A', z1: 'A', b1: 'B', b2: 'B', z2: 'B' },
        created: [],
        aliases: { Z: 'A' },
        emptied: [],
      },
    },
  ];

  it.each(cases)('$name', ({ clusters, previous, expected }) => {
    expect(plain(assignCustomerIds(clusters, previous, sequence()), clusters)).toEqual(expected);
  });

  it('does not depend on the order of clusters or of previous ids', () => {
    const clusters = [[m('r4', 'C1')], [m('r1', 'C1'), m('r2', 'C2'), m('r3', 'C2')], [m('r5')], [m('r6')]];
    const previous = ['C1', 'C2', 'C3'];
    const expected: Plain = {
      customerOf: { r1: 'C2', r2: 'C2', r3: 'C2', r4: 'C1', r5: 'N1', r6: 'N2' },
      created: ['N1', 'N2'],
      aliases: {},
      emptied: ['C3'],
    };
    expect(plain(assignCustomerIds(clusters, previous, sequence()), clusters)).toEqual(expected);
    const reversedClusters = [...clusters].reverse();
    const reversed = plain(assignCustomerIds(reversedClusters, [...previous].reverse(), sequence()), reversedClusters);
    expect(reversed.customerOf).toEqual(expected.customerOf);
    expect(reversed.created).toEqual(expected.created);
    expect(reversed.aliases).toEqual(expected.aliases);
    expect(reversed.emptied).toEqual(expected.emptied);
  });

  it('gives an empty cluster a new id and records nothing for it', () => {
    const a = assignCustomerIds([[m('r1', 'C1')], []], ['C1'], sequence());
    expect(a.clusterIds).toEqual(['C1', 'N1']);
    expect(a.created).toEqual(['N1']);
  });

  it('calls newId exactly once per cluster without a free existing id', () => {
    const newId = jest.fn(sequence());
    assignCustomerIds([[m('r1', 'C1')], [m('r2', 'C1')], [m('r3')]], ['C1'], newId);
    expect(newId).toHaveBeenCalledTimes(2);
  });
});
