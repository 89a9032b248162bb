import { assignCustomerIds, type ClusterMember } from '../../../../src/identity/assign-customer-ids';
import { lineageEvents } from '../../../../src/identity/resolution/lineage';

const m = (recordId: string, customerId: string | null = null): ClusterMember => ({ recordId, customerId });

function eventsOf(clusters: ClusterMember[][], previous: string[]) {
  let n = 0;
  const assignment = assignCustomerIds(clusters, previous, () => `N${++n}`);
  return lineageEvents(clusters, assignment).map((e) => [e.customerId, e.kind, e.relatedCustomerId, e.recordIds.join(',')]);
}

describe('lineageEvents', () => {
  it.each([
    ['new records make a new customer', [[m('r1'), m('r2')]], [], [['N1', 'created', null, 'r1,r2']]],
    ['unchanged customers say nothing', [[m('r1', 'C1'), m('r2', 'C1')]], ['C1'], []],
    ['a new record joins an existing customer', [[m('r1', 'C1'), m('r2')]], ['C1'], [['C1', 'linked', null, 'r2']]],
    [
      'two customers merge: the larger id survives, the other is absorbed',
      [[m('r1', 'C1'), m('r2', 'C1'), m('r3', 'C2')]],
      ['C1', 'C2'],
      [['C1', 'merged', 'C2', 'r3'], ['C2', 'absorbed', 'C1', 'r3']],
    ],
    [
      'a customer splits: the smaller side gets a new id',
      [[m('r1', 'C1'), m('r2', 'C1')], [m('r3', 'C1')]],
      ['C1'],
      [['N1', 'split_from', 'C1', 'r3'], ['C1', 'split', 'N1', 'r3']],
    ],
    [
      'a record moves between two surviving customers',
      [[m('r1', 'C1'), m('r2', 'C1')], [m('r3', 'C2'), m('r4', 'C2'), m('r5', 'C1')]],
      ['C1', 'C2'],
      [['C2', 'linked', 'C1', 'r5'], ['C1', 'split', 'C2', 'r5']],
    ],
    ['a customer whose records are all gone is emptied', [[m('r1', 'C1')]], ['C1', 'C2'], [['C2', 'emptied', null, '']]],
  ] as const)('%s', (_name, clusters, previous, expected) => {
    expect(eventsOf(clusters.map((c) => [...c]), [...previous])).toEqual(expected);
  });
});
