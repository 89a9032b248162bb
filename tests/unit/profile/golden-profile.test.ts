import { buildGoldenProfile, type Provenance, type SurvivorshipRule } from '../../../src/profile/golden-profile';
import type { RecordRow } from '../../../src/profile/records';
import type { PersonAttributes } from '../../../src/sources/record';

const SEEN = new Date('2025-01-01T00:00:00Z');

/** A person record whose source says it changed at `changed` (ISO date). */
function personRecord(id: string, changed: string, p: Partial<PersonAttributes>, source = 'crm'): RecordRow {
  const person: PersonAttributes = { emails: [], phones: [], addresses: [], identifiers: [], ...p };
  return {
    id,
    source,
    entity: 'contact',
    externalId: `ext-${id}`,
    data: {},
    person: person as unknown as Record<string, unknown>,
    quality: [],
    contentHash: `hash-${id}`,
    ownerEntity: null,
    ownerExternalId: null,
    personRecordId: null,
    sourceChangedAt: new Date(changed),
    firstSeenAt: SEEN,
    lastChangedAt: SEEN,
  };
}

function prov(r: RecordRow, rule: SurvivorshipRule): Provenance {
  return { recordId: r.id, source: r.source, entity: r.entity, externalId: r.externalId, changedAt: r.sourceChangedAt ?? r.lastChangedAt, rule };
}

describe('buildGoldenProfile', () => {
  it('is empty for no records', () => {
    expect(buildGoldenProfile([], 'US')).toEqual({ name: null, emails: [], phones: [], addresses: [], birthDate: null });
  });

  it('ignores records without person attributes', () => {
    const ticket: RecordRow = { ...personRecord('t', '2025-01-01', {}), entity: 'ticket', person: null };
    expect(buildGoldenProfile([ticket], 'US')).toEqual({ name: null, emails: [], phones: [], addresses: [], birthDate: null });
  });

  describe('name (most recent usable value)', () => {
    const old = personRecord('old', '2020-01-01', { firstName: 'Jane', lastName: 'Doe' });
    const mid = personRecord('mid', '2022-01-01', { firstName: 'Janet', lastName: 'Doe-Smith' });
    const fullOnly = personRecord('full', '2023-01-01', { fullName: 'J. Doe' });
    const nameless = personRecord('none', '2024-01-01', { emails: ['jane@doe.com'] });
    const lastOnly = personRecord('last', '2021-06-01', { lastName: 'Doe' });

    const cases: { name: string; records: RecordRow[]; value: { first?: string; last?: string; full: string }; from: RecordRow }[] = [
      { name: 'newest record wins', records: [old, mid], value: { first: 'Janet', last: 'Doe-Smith', full: 'Janet Doe-Smith' }, from: mid },
      { name: 'input order does not matter', records: [mid, old], value: { first: 'Janet', last: 'Doe-Smith', full: 'Janet Doe-Smith' }, from: mid },
      { name: 'a newer record without a name is skipped', records: [nameless, old], value: { first: 'Jane', last: 'Doe', full: 'Jane Doe' }, from: old },
      { name: 'a single full-name field is used as is', records: [old, fullOnly], value: { full: 'J. Doe' }, from: fullOnly },
      { name: 'a last name alone is a name', records: [lastOnly], value: { last: 'Doe', full: 'Doe' }, from: lastOnly },
    ];

    it.each(cases)('$name', ({ records, value, from }) => {
      expect(buildGoldenProfile(records, 'US').name).toEqual({ value, provenance: [prov(from, 'most_recent')] });
    });

    it('falls back to lastChangedAt when the source has no change time', () => {
      const seenLate: RecordRow = { ...personRecord('late', '2000-01-01', { firstName: 'Late' }), sourceChangedAt: null, lastChangedAt: new Date('2030-01-01T00:00:00Z') };
      const profile = buildGoldenProfile([mid, seenLate], 'US');
      expect(profile.name).toEqual({
        value: { first: 'Late', last: undefined, full: 'Late' },
        provenance: [{ ...prov(seenLate, 'most_recent'), changedAt: new Date('2030-01-01T00:00:00Z') }],
      });
    });

    it('is null when no record has a name', () => {
      expect(buildGoldenProfile([nameless], 'US').name).toBeNull();
    });
  });

  describe('birth date (most recent valid full date)', () => {
    const cases: { name: string; dates: (string | undefined)[]; value: string | null; fromIndex?: number }[] = [
      { name: 'the newest full date wins', dates: ['1980-05-17', '1981-05-17'], value: '1981-05-17', fromIndex: 1 },
      { name: 'US slash form is normalised', dates: ['05/17/1980'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer partial MM/DD date is skipped', dates: ['1980-05-17', '05/17'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer impossible date is skipped', dates: ['1980-05-17', '1981-02-30'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer future date is skipped', dates: ['1980-05-17', '2999-01-01'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer unparseable date is skipped', dates: ['1980-05-17', 'last tuesday'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer record without a date is skipped', dates: ['1980-05-17', undefined], value: '1980-05-17', fromIndex: 0 },
      { name: 'null when no date is usable', dates: ['1899-12-31', '', '05/17'], value: null },
    ];

    it.each(cases)('$name', ({ dates, value, fromIndex }) => {
      // Record i changed in year 2000 + i, so later entries are newer.
      const records = dates.map((d, i) => personRecord(`r${i}`, `${2000 + i}-01-01`, d === undefined ? {} : { birthDate: d }));
      const expected = value === null ? null : { value, provenance: [prov(records[fromIndex!]!, 'most_recent')] };
      expect(buildGoldenProfile(records, 'US').birthDate).toEqual(expected);
    });
  });

  describe('emails (all distinct, newest first)', () => {
    it('dedupes by normalised value and lists every record that holds it', () => {
      const a = personRecord('a', '2020-01-01', { emails: ['Jane@Doe.com', 'jane@work.com'] }, 'crm');
      const b = personRecord('b', '2024-01-01', { emails: [' jane@doe.com '] }, 'support');
      const c = personRecord('c', '2022-01-01', { emails: ['JANE@DOE.COM'] }, 'marketing');
      expect(buildGoldenProfile([a, b, c], 'US').emails).toEqual([
        { value: 'jane@doe.com', provenance: [prov(b, 'all_distinct'), prov(c, 'all_distinct'), prov(a, 'all_distinct')] },
        { value: 'jane@work.com', provenance: [prov(a, 'all_distinct')] },
      ]);
    });

    it('keeps provider aliases apart (dedupe is by normalised address, not match key)', () => {
      const a = personRecord('a', '2020-01-01', { emails: ['jane.doe@gmail.com', 'janedoe@gmail.com'] });
      expect(buildGoldenProfile([a], 'US').emails.map((e) => e.value)).toEqual(['jane.doe@gmail.com', 'janedoe@gmail.com']);
    });

    it.each([['not-an-email'], ['two@@x.com'], ['a b@x.com'], ['jane@localhost'], [''], ['@x.com'], ['jane@']])(
      'never uses the invalid address %j',
      (bad) => {
        const r = personRecord('r', '2024-01-01', { emails: [bad, 'ok@x.com'] });
        expect(buildGoldenProfile([r], 'US').emails).toEqual([{ value: 'ok@x.com', provenance: [prov(r, 'all_distinct')] }]);
      },
    );

    // BUG (src/profile/golden-profile.ts:70, allDistinct): a record that lists the same address twice
    // (e.g. in two case spellings) is pushed into that value's provenance twice.
    it('lists a record once in provenance even when it holds the value twice', () => {
      const r = personRecord('r', '2024-01-01', { emails: ['Jane@Doe.com', 'jane@doe.com'] });
      expect(buildGoldenProfile([r], 'US').emails).toEqual([{ value: 'jane@doe.com', provenance: [prov(r, 'all_distinct')] }]);
    });

    it('leaves out placeholders identity never matches on, built-in and configured', () => {
      const r = personRecord('r', '2024-01-01', { emails: ['noreply@example.com', 'TEST@test.com', 'info@acme.com', 'jane@doe.com'] });
      expect(buildGoldenProfile([r], 'US', { emails: ['info@acme.com'] }).emails.map((e) => e.value)).toEqual(['jane@doe.com']);
      expect(buildGoldenProfile([r], 'US').emails.map((e) => e.value)).toEqual(['info@acme.com', 'jane@doe.com']);
    });
  });

  describe('phones (all distinct E.164, newest first)', () => {
    it('dedupes by E.164 value across formats and records', () => {
      const a = personRecord('a', '2020-01-01', { phones: ['(415) 555-0134', '+44 20 7946 0958'] });
      const b = personRecord('b', '2023-01-01', { phones: ['+1 415.555.0134 ext. 12'] });
      expect(buildGoldenProfile([a, b], 'US').phones).toEqual([
        { value: '+14155550134', provenance: [prov(b, 'all_distinct'), prov(a, 'all_distinct')] },
        { value: '+442079460958', provenance: [prov(a, 'all_distinct')] },
      ]);
    });

    it('reads national numbers in the given region', () => {
      const r = personRecord('r', '2020-01-01', { phones: ['020 7946 0958'] });
      expect(buildGoldenProfile([r], 'GB').phones.map((p) => p.value)).toEqual(['+442079460958']);
    });

    it('reads a national number invalid in the region in the record’s own country, as identity does', () => {
      const de = personRecord('de', '2020-01-01', { phones: ['0176/09567911'], addresses: [{ city: 'Berlin', country: 'DE' }] });
      const gb = personRecord('gb', '2021-01-01', { phones: ['020 7946 0958'], emails: ['ada@btinternet.co.uk'] });
      const none = personRecord('none', '2022-01-01', { phones: ['020 7946 0958'] });
      expect(buildGoldenProfile([de, gb, none], 'US').phones).toEqual([
        { value: '+442079460958', provenance: [prov(gb, 'all_distinct')] },
        { value: '+4917609567911', provenance: [prov(de, 'all_distinct')] },
      ]);
    });

    it('leaves out placeholder numbers, built-in and configured', () => {
      const r = personRecord('r', '2024-01-01', { phones: ['0000000000', '555-555-5555', '(415) 555-0199', '(415) 555-0134'] });
      expect(buildGoldenProfile([r], 'US', { phones: ['4155550199'] }).phones.map((p) => p.value)).toEqual(['+14155550134']);
    });

    it.each([['555-CALL-NOW'], ['12'], ['+1 415 555 0134 +1'], ['   '], ['+1 999 555 0134']])('never uses the invalid number %j', (bad) => {
      const r = personRecord('r', '2024-01-01', { phones: [bad] });
      expect(buildGoldenProfile([r], 'US').phones).toEqual([]);
    });
  });

  describe('addresses (all distinct)', () => {
    it('dedupes addresses that differ only in case, accents and punctuation', () => {
      const a = personRecord('a', '2020-01-01', { addresses: [{ line1: 'Königstraße', city: 'München', postcode: 'AB', country: 'DE' }] });
      const newest = { line1: 'KONIGSTRASSE', city: 'munchen', postcode: 'ab', country: 'de', line2: 'ignored in the key' };
      const b = personRecord('b', '2023-01-01', { addresses: [newest] });
      // The newest record's spelling is displayed (the country as its code); both records are its provenance.
      expect(buildGoldenProfile([a, b], 'US').addresses).toEqual([
        { value: { ...newest, country: 'DE' }, provenance: [prov(b, 'all_distinct'), prov(a, 'all_distinct')] },
      ]);
    });

    it('is one address whether its country is written US or United States, shown as the ISO code', () => {
      const a = personRecord('a', '2020-01-01', { addresses: [{ line1: '1 Main St', city: 'Boston', postcode: '02108', country: 'US' }] });
      const b = personRecord('b', '2023-01-01', { addresses: [{ line1: '1 Main St', city: 'Boston', postcode: '02108', country: ' United States ' }] });
      const c = personRecord('c', '2022-01-01', { addresses: [{ line1: '1 Main St', city: 'Boston', postcode: '02108', country: 'usa' }] });
      expect(buildGoldenProfile([a, b, c], 'US').addresses).toEqual([
        { value: { line1: '1 Main St', city: 'Boston', postcode: '02108', country: 'US' }, provenance: [prov(b, 'all_distinct'), prov(c, 'all_distinct'), prov(a, 'all_distinct')] },
      ]);
      // the records keep what their sources wrote
      expect((b.person as { addresses: { country: string }[] }).addresses[0]!.country).toBe(' United States ');
    });

    it('keeps an unknown country as written (trimmed), and the same address in another country apart', () => {
      const r = personRecord('r', '2020-01-01', {
        addresses: [
          { line1: '1 High St', city: 'Cair Paravel', country: '  Narnia ' },
          { line1: '1 High St', city: 'Cair Paravel', country: 'NARNIA' },
          { line1: '1 High St', city: 'Cair Paravel', country: 'UK' },
          { line1: '1 High St', city: 'Cair Paravel' },
        ],
      });
      expect(buildGoldenProfile([r], 'US').addresses.map((a) => a.value)).toEqual([
        { line1: '1 High St', city: 'Cair Paravel', country: 'Narnia' },
        { line1: '1 High St', city: 'Cair Paravel', country: 'GB' },
        { line1: '1 High St', city: 'Cair Paravel' },
      ]);
    });

    it('keeps addresses in different cities apart', () => {
      const r = personRecord('r', '2020-01-01', {
        addresses: [
          { line1: 'High Street', city: 'Oxford', country: 'GB' },
          { line1: 'High Street', city: 'Bath', country: 'GB' },
        ],
      });
      expect(buildGoldenProfile([r], 'US').addresses.map((a) => a.value.city)).toEqual(['Oxford', 'Bath']);
    });

    it('drops an address with no usable part', () => {
      const r = personRecord('r', '2020-01-01', { addresses: [{}, { line2: 'Flat 2', region: 'CA' }] });
      expect(buildGoldenProfile([r], 'US').addresses).toEqual([]);
    });

    // BUG (src/profile/golden-profile.ts:94, addressEntry): the dedupe key runs every part through
    // normaliseName, which drops all non-letters, so house numbers and numeric postcodes vanish from the key.
    // Two different houses on one street are merged into one golden address.
    it('keeps different house numbers on the same street apart', () => {
      const r = personRecord('r', '2020-01-01', {
        addresses: [
          { line1: '1 Main St', postcode: '94105', city: 'San Francisco', country: 'US' },
          { line1: '2 Main St', postcode: '94105', city: 'San Francisco', country: 'US' },
        ],
      });
      expect(buildGoldenProfile([r], 'US').addresses.map((a) => a.value.line1)).toEqual(['1 Main St', '2 Main St']);
    });

    // Same cause: an address known only by a numeric postcode normalises to an empty key and is dropped.
    it('keeps an address known only by its numeric postcode', () => {
      const r = personRecord('r', '2020-01-01', { addresses: [{ postcode: '94105' }] });
      expect(buildGoldenProfile([r], 'US').addresses).toEqual([{ value: { postcode: '94105' }, provenance: [prov(r, 'all_distinct')] }]);
    });
  });
});
