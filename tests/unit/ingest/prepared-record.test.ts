import { contentHash } from '../../../src/ingest/content-hash';
import { dedupeBatch, prepareRecord, type PreparedRecord } from '../../../src/ingest/prepared-record';
import type { JourneyEvent, MappedRecord, PersonAttributes } from '../../../src/sources/record';

const US = { defaultRegion: 'US' as const };

function person(p: Partial<PersonAttributes> = {}): PersonAttributes {
  return { emails: [], phones: [], addresses: [], identifiers: [], ...p };
}

const EVENT: JourneyEvent = { type: 'ticket_opened', channel: 'support', occurredAt: '2024-01-01T00:00:00Z', summary: 'Ticket #1 opened' };

function mapped(over: Partial<MappedRecord> = {}): MappedRecord {
  return {
    entity: 'contact',
    externalId: '003A',
    payload: { Id: '003A', Email: 'Jane@Doe.com' },
    deleted: false,
    person: person({ firstName: 'Jane', emails: ['Jane@Doe.com'], phones: ['not a phone'] }),
    data: { hasOptedOutOfEmail: false },
    events: [],
    ...over,
  };
}

const at = (r: PreparedRecord, sourceChangedAt: string): PreparedRecord => ({ ...r, sourceChangedAt });

function prepared(entity: string, externalId: string, tag: string): PreparedRecord {
  return {
    entity,
    externalId,
    payload: { tag },
    data: {},
    person: null,
    quality: [],
    contentHash: tag,
    ownerEntity: null,
    ownerExternalId: null,
    sourceChangedAt: null,
    deleted: false,
    keys: [],
    events: [],
  };
}

describe('prepareRecord', () => {
  it('computes keys, quality notes and the content hash of a live person', () => {
    const record = mapped({ sourceChangedAt: '2024-05-01T00:00:00Z' });
    expect(prepareRecord(record, US)).toEqual({
      entity: 'contact',
      externalId: '003A',
      payload: { Id: '003A', Email: 'Jane@Doe.com' },
      data: { hasOptedOutOfEmail: false },
      person: { firstName: 'Jane', emails: ['Jane@Doe.com'], phones: ['not a phone'], addresses: [], identifiers: [] },
      quality: [{ field: 'phone', value: 'not a phone', problem: 'contains letters' }],
      contentHash: contentHash({ Id: '003A', Email: 'Jane@Doe.com' }, false),
        ownerEntity: null,
      ownerExternalId: null,
      sourceChangedAt: '2024-05-01T00:00:00Z',
      deleted: false,
      keys: [{ kind: 'email', value: 'jane@doe.com' }],
      events: [],
    });
  });

  it('stores and hashes the payload without its empty values, so an empty cell or a null is no change', () => {
    const record = prepareRecord(mapped({ payload: { Id: '003A', Email: 'Jane@Doe.com', Phone: '', Description: '' } }), US);
    expect(record.payload).toEqual({ Id: '003A', Email: 'Jane@Doe.com' });
    expect(record.contentHash).toBe(prepareRecord(mapped(), US).contentHash);
    const json = prepareRecord(mapped({ payload: { id: 1, phone: null, via: { channel: null, source: { from: {} } }, tags: [] } }), US);
    expect(json.payload).toEqual({ id: 1, via: { source: { from: {} } }, tags: [] });
    expect(json.contentHash).toBe(prepareRecord(mapped({ payload: { id: 1, via: { source: { from: {} } }, tags: [] } }), US).contentHash);
  });

  it('copies the person instead of sharing it', () => {
    const record = mapped();
    const result = prepareRecord(record, US);
    expect(result.person).toEqual(record.person);
    expect(result.person).not.toBe(record.person);
  });

  it('a deleted record has no keys and no events, and a hash that differs from the live one', () => {
    const live = prepareRecord(mapped({ events: [EVENT] }), US);
    const gone = prepareRecord(mapped({ events: [EVENT], deleted: true }), US);
    expect(live.keys).toEqual([{ kind: 'email', value: 'jane@doe.com' }]);
    expect(live.events).toEqual([EVENT]);
    expect(gone.keys).toEqual([]);
    expect(gone.events).toEqual([]);
    expect(gone.deleted).toBe(true);
    expect(gone.contentHash).toBe(contentHash(mapped().payload, true));
    expect(gone.contentHash).not.toBe(live.contentHash);
  });

  it('a fact (non-person) record keeps its owner and events, with no keys or notes', () => {
    const ticket = mapped({
      entity: 'ticket',
      externalId: '42',
      payload: { id: 42 },
      person: undefined,
      owner: { entity: 'user', externalId: '7' },
      data: { status: 'open', createdAt: '2024-01-01T00:00:00Z' },
      events: [EVENT],
    });
    expect(prepareRecord(ticket, US)).toEqual({
      entity: 'ticket',
      externalId: '42',
      payload: { id: 42 },
      data: { status: 'open', createdAt: '2024-01-01T00:00:00Z' },
      person: null,
      quality: [],
      contentHash: contentHash({ id: 42 }, false),
        ownerEntity: 'user',
      ownerExternalId: '7',
      sourceChangedAt: null,
      deleted: false,
      keys: [],
      events: [EVENT],
    });
  });

  it('reads national phone numbers in the default region', () => {
    const record = mapped({ person: person({ phones: ['020 7946 0958'] }) });
    expect(prepareRecord(record, { defaultRegion: 'GB' }).keys).toEqual([{ kind: 'phone', value: '+442079460958' }]);
    expect(prepareRecord(record, US).keys).toEqual([]);
  });
});

describe('dedupeBatch', () => {
  const cases: { name: string; batch: PreparedRecord[]; tags: string[]; superseded: number }[] = [
    { name: 'empty batch', batch: [], tags: [], superseded: 0 },
    { name: 'no duplicates: order kept', batch: [prepared('contact', '1', 'a'), prepared('contact', '2', 'b')], tags: ['a', 'b'], superseded: 0 },
    {
      name: 'the last copy wins, at the position of its last occurrence',
      batch: [prepared('contact', '1', 'first'), prepared('contact', '2', 'other'), prepared('contact', '1', 'last')],
      tags: ['other', 'last'],
      superseded: 1,
    },
    {
      name: 'three copies: two superseded',
      batch: [prepared('contact', '1', 'v1'), prepared('contact', '1', 'v2'), prepared('contact', '1', 'v3')],
      tags: ['v3'],
      superseded: 2,
    },
    {
      name: 'an older copy (by the source time) never replaces a newer one, whatever the file order',
      batch: [at(prepared('user', '9005', 'newer'), '2024-06-01T00:00:00Z'), at(prepared('user', '9005', 'older'), '2024-05-01T00:00:00Z')],
      tags: ['newer'],
      superseded: 1,
    },
    {
      name: 'a newer copy later in the file wins',
      batch: [at(prepared('user', '9005', 'older'), '2024-05-01T00:00:00Z'), at(prepared('user', '9005', 'newer'), '2024-06-01T00:00:00Z')],
      tags: ['newer'],
      superseded: 1,
    },
    {
      name: 'the same time, or a copy without one: the later copy wins',
      batch: [at(prepared('user', '7', 'a'), '2024-06-01T00:00:00Z'), at(prepared('user', '7', 'b'), '2024-06-01T00:00:00Z'), prepared('user', '8', 'c'), at(prepared('user', '8', 'd'), '2020-01-01T00:00:00Z')],
      tags: ['b', 'd'],
      superseded: 2,
    },
    {
      name: 'the same external id under another entity is a different record',
      batch: [prepared('contact', '1', 'contact'), prepared('account', '1', 'account')],
      tags: ['contact', 'account'],
      superseded: 0,
    },
  ];

  it.each(cases)('$name', ({ batch, tags, superseded }) => {
    const result = dedupeBatch(batch);
    expect(result.records.map((r) => r.contentHash)).toEqual(tags);
    expect(result.superseded).toBe(superseded);
  });
});
