import { commitMembers } from '../../../src/identity/cluster-members';
import type { PersonRow } from '../../../src/identity/resolve.repository';
import { defaultModel } from '../../../src/identity/engine/model';
import { DEFAULT_IDENTITY_CONFIG } from '../../../src/identity/identity-config';
import { matchClusterOf, resolveRegion } from '../../../src/identity/resolution/resolve-region';
import { population } from './engine/population';

describe('commitMembers', () => {
  const records = population(400, 11).records.map((r, i) => ({ ...r, id: String(i + 1) }));
  const result = resolveRegion(records, defaultModel(), [], DEFAULT_IDENTITY_CONFIG);
  // every third record has a customer already
  const row = (id: string): PersonRow => ({
    id,
    source: 'crm',
    person: null,
    customerId: Number(id) % 3 === 0 ? `C${Number(id) % 7}` : null,
    contentHash: 'h',
    matchKey: null,
    matchRecord: null,
  });
  const matchCluster = matchClusterOf(result);
  const keyOf = (id: string) => matchCluster.get(id) ?? id;

  it('reads a full run (persons in the region order) by index, as the ids and Maps say', () => {
    // the very id strings, as a full run decodes its records with their row's id
    const persons = result.indexed.ids.map(row);
    const { clusters, matchKeys } = commitMembers(result, persons);
    expect(clusters.map((c) => c.map((m) => m.recordId))).toEqual(result.clusters);
    expect(clusters.flat().map((m) => m.customerId)).toEqual(result.clusters.flat().map((id) => row(id).customerId));
    expect(matchKeys).toEqual(persons.map((p) => keyOf(p.id)));
    expect(new Set(matchKeys).size).toBeLessThan(persons.length);
    // by index indeed: the clusters by id are not read (the path through ids would find none)
    expect(commitMembers({ ...result, clusters: [] }, persons).clusters).toEqual(clusters);
  });

  it('reads persons that differ from the region by one id through their ids', () => {
    const ids = [...result.indexed.ids];
    // two records swapped: same length, same ids, not the region's order
    [ids[3], ids[4]] = [ids[4]!, ids[3]!];
    const persons = ids.map(row);
    const { clusters, matchKeys } = commitMembers(result, persons);
    // through the ids: these persons are not the region's order
    expect(commitMembers({ ...result, clusters: [] }, persons).clusters).toEqual([]);
    expect(clusters.map((c) => c.map((m) => m.recordId))).toEqual(result.clusters);
    expect(clusters.flat().map((m) => m.customerId)).toEqual(result.clusters.flat().map((id) => row(id).customerId));
    expect(matchKeys).toEqual(persons.map((p) => keyOf(p.id)));
  });

  it('reads persons in another order (an incremental region) through their ids, with the same answer', () => {
    const persons = [...result.indexed.ids].reverse().map(row);
    const { clusters, matchKeys } = commitMembers(result, persons);
    expect(clusters.map((c) => c.map((m) => m.recordId))).toEqual(result.clusters);
    expect(clusters.flat().map((m) => m.customerId)).toEqual(result.clusters.flat().map((id) => row(id).customerId));
    expect(matchKeys).toEqual(persons.map((p) => keyOf(p.id)));
  });
});
