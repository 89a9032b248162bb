import { linkByKeys, type KeyRow, type LinkableRecord } from '../../../src/identity/matching/link-by-keys';

/** `rec('a', 'alice')` → a record with a canonical first name; `rec('u')` → an unnamed record. */
function rec(id: string, firstName?: string): LinkableRecord {
  return firstName === undefined ? { id } : { id, firstName };
}

function email(recordId: string, value: string): KeyRow {
  return { recordId, kind: 'email', value };
}

function phone(recordId: string, value: string): KeyRow {
  return { recordId, kind: 'phone', value };
}

/** Components as sorted lists, sorted by their first id: compares partitions, not output order. */
function partition(components: string[][]): string[][] {
  return components.map((c) => [...c].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('linkByKeys', () => {
  const cases: { name: string; records: LinkableRecord[]; keys: KeyRow[]; expected: string[][] }[] = [
    {
      name: 'no records, no components',
      records: [],
      keys: [],
      expected: [],
    },
    {
      name: 'records without keys are singletons',
      records: [rec('a', 'alice'), rec('b', 'alice'), rec('c')],
      keys: [],
      expected: [['a'], ['b'], ['c']],
    },
    {
      name: 'a shared email links records with the same first name',
      records: [rec('a', 'alice'), rec('b', 'alice')],
      keys: [email('a', 'alice@x.com'), email('b', 'alice@x.com')],
      expected: [['a', 'b']],
    },
    {
      name: 'the same value under different kinds does not link',
      records: [rec('a', 'alice'), rec('b', 'alice')],
      keys: [email('a', 'v'), phone('b', 'v')],
      expected: [['a'], ['b']],
    },
    {
      name: 'different known first names in one key group do not link (family email)',
      records: [rec('a', 'alice'), rec('b', 'bob')],
      keys: [email('a', 'family@x.com'), email('b', 'family@x.com')],
      expected: [['a'], ['b']],
    },
    {
      name: 'within a mixed group, each first name links only to its own',
      records: [rec('a1', 'alice'), rec('b1', 'bob'), rec('a2', 'alice'), rec('b2', 'bob')],
      keys: [phone('a1', '+1'), phone('b1', '+1'), phone('a2', '+1'), phone('b2', '+1')],
      expected: [['a1', 'a2'], ['b1', 'b2']],
    },
    {
      name: 'an unnamed record joins the first named record of the group (by id)',
      records: [rec('m', 'mallory'), rec('b', 'bob'), rec('u')],
      keys: [email('m', 'e'), email('b', 'e'), email('u', 'e')],
      expected: [['b', 'u'], ['m']],
    },
    {
      name: 'unnamed records join each other when nobody in the group is named',
      records: [rec('u2'), rec('u1'), rec('u3')],
      keys: [email('u1', 'e'), email('u2', 'e'), email('u3', 'e')],
      expected: [['u1', 'u2', 'u3']],
    },
    {
      name: 'an unnamed record links to a named one',
      records: [rec('a', 'alice'), rec('u')],
      keys: [email('a', 'e'), email('u', 'e')],
      expected: [['a', 'u']],
    },
    {
      name: 'links are transitive across keys (email a–b, phone b–c)',
      records: [rec('a', 'alice'), rec('b', 'alice'), rec('c', 'alice'), rec('d', 'alice')],
      keys: [email('a', 'e1'), email('b', 'e1'), phone('b', '+2'), phone('c', '+2'), email('d', 'e9')],
      expected: [['a', 'b', 'c'], ['d']],
    },
    {
      name: 'a name clash in one group does not undo a link made through another key',
      records: [rec('a', 'alice'), rec('b', 'bob'), rec('u')],
      keys: [email('a', 'e'), email('b', 'e'), phone('a', '+1'), phone('u', '+1'), phone('b', '+9')],
      expected: [['a', 'u'], ['b']],
    },
    {
      name: 'keys of records not in the input are ignored',
      records: [rec('a', 'alice'), rec('b', 'alice')],
      keys: [email('a', 'e'), email('ghost', 'e'), email('ghost', 'f'), email('b', 'f')],
      expected: [['a'], ['b']],
    },
    {
      name: 'a record repeated in its own key group stays one member',
      records: [rec('a', 'alice'), rec('b', 'alice')],
      keys: [email('a', 'e'), email('a', 'e'), email('b', 'e')],
      expected: [['a', 'b']],
    },
  ];

  it.each(cases)('$name', ({ records, keys, expected }) => {
    expect(partition(linkByKeys(records, keys))).toEqual(expected);
  });

  it('lists components in the order of their first record, members in input order', () => {
    const records = [rec('c', 'carol'), rec('a', 'alice'), rec('z', 'carol'), rec('b', 'alice')];
    const keys = [email('a', 'e'), email('b', 'e'), email('c', 'f'), email('z', 'f')];
    expect(linkByKeys(records, keys)).toEqual([['c', 'z'], ['a', 'b']]);
  });

  describe('determinism regardless of input order', () => {
    const records = [rec('r1', 'alice'), rec('r2', 'bob'), rec('r3'), rec('r4', 'alice'), rec('r5', 'bob'), rec('r6')];
    const keys = [
      email('r1', 'fam'),
      email('r2', 'fam'),
      email('r3', 'fam'),
      phone('r2', '+1'),
      phone('r5', '+1'),
      phone('r6', '+1'),
      email('r4', 'al'),
      email('r1', 'al'),
    ];
    const expected = [['r1', 'r3', 'r4'], ['r2', 'r5', 'r6']];

    const orders: { name: string; records: LinkableRecord[]; keys: KeyRow[] }[] = [
      { name: 'as given', records, keys },
      { name: 'records reversed', records: [...records].reverse(), keys },
      { name: 'keys reversed', records, keys: [...keys].reverse() },
      { name: 'both reversed', records: [...records].reverse(), keys: [...keys].reverse() },
      {
        name: 'interleaved',
        records: [records[3]!, records[0]!, records[5]!, records[2]!, records[1]!, records[4]!],
        keys: [keys[4]!, keys[7]!, keys[0]!, keys[2]!, keys[6]!, keys[1]!, keys[5]!, keys[3]!],
      },
    ];

    it.each(orders)('$name', ({ records: rs, keys: ks }) => {
      expect(partition(linkByKeys(rs, ks))).toEqual(expected);
    });
  });
});
