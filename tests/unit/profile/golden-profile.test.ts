import { buildGoldenProfile, type Provenance, type SurvivorshipRule } from '../../../src/profile/golden-profile';
import type { RecordRow } from '../../../src/profile/records';
import { DEFAULT_SURVIVORSHIP, type Rule, type Survivorship } from '../../../src/profile/survivorship';
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

/** The shipped rules with `attribute` ruled by `rules` instead. */
function withRules(attribute: keyof Survivorship, ...rules: Rule[]): Survivorship {
  return { ...DEFAULT_SURVIVORSHIP, [attribute]: rules };
}

const EMPTY = { name: null, emails: [], phones: [], addresses: [], birthDate: null };

describe('buildGoldenProfile', () => {
  it('is empty for no records', () => {
    expect(buildGoldenProfile([], 'US')).toEqual(EMPTY);
  });

  it('ignores records without person attributes', () => {
    const ticket: RecordRow = { ...personRecord('t', '2025-01-01', {}), entity: 'ticket', person: null };
    expect(buildGoldenProfile([ticket], 'US')).toEqual(EMPTY);
  });

  describe('name (shipped rules: most complete, then most recent)', () => {
    const fullName = personRecord('sf', '2020-01-01', { firstName: 'David', lastName: 'Johnson' }, 'salesforce');
    const firstOnly = personRecord('zd', '2024-01-01', { fullName: 'David' }, 'zendesk');
    const handle = personRecord('mc', '2023-01-01', { fullName: 'david_johnson' }, 'mailchimp');

    it('prefers first and last over a newer single word or handle, and lists what it beat', () => {
      const profile = buildGoldenProfile([firstOnly, fullName, handle], 'US');
      expect(profile.name).toEqual({
        value: { first: 'David', last: 'Johnson', full: 'David Johnson' },
        provenance: [prov(fullName, 'most_complete')],
        beaten: [
          { value: { first: undefined, last: undefined, full: 'David' }, provenance: [prov(firstOnly, 'most_complete')] },
          { value: { first: undefined, last: undefined, full: 'david_johnson' }, provenance: [prov(handle, 'most_complete')] },
        ],
      });
    });

    it('takes the newest of equally complete names (a typo the same length as the name)', () => {
      const typo = personRecord('typo', '2024-01-01', { firstName: 'Mihcael', lastName: 'Thomas' });
      const right = personRecord('right', '2020-01-01', { firstName: 'Michael', lastName: 'Thomas' });
      expect(buildGoldenProfile([right, typo], 'US').name).toEqual({
        value: { first: 'Mihcael', last: 'Thomas', full: 'Mihcael Thomas' },
        provenance: [prov(typo, 'most_recent')],
        beaten: [{ value: { first: 'Michael', last: 'Thomas', full: 'Michael Thomas' }, provenance: [prov(right, 'most_recent')] }],
      });
    });

    it('is one value when records write the same name in other case or accents, shown in its most complete form', () => {
      const lower = personRecord('lower', '2024-01-01', { fullName: 'josé  smith' }, 'zendesk');
      const plain = personRecord('plain', '2022-01-01', { fullName: 'JOSE SMITH' }, 'mailchimp');
      const split = personRecord('split', '2020-01-01', { firstName: 'José', lastName: 'Smith' }, 'salesforce');
      const name = buildGoldenProfile([split, plain, lower], 'US').name!;
      expect(name.value).toEqual({ first: 'José', last: 'Smith', full: 'José Smith' });
      expect(name.provenance).toEqual([prov(lower, 'most_complete'), prov(plain, 'most_complete'), prov(split, 'most_complete')]);
      expect(name.beaten).toEqual([]);
    });

    it('prefers a name in its fields over the same words in one field ("Johnson, David")', () => {
      const lastFirst = personRecord('zd', '2024-01-01', { fullName: 'Johnson, David' }, 'zendesk');
      expect(buildGoldenProfile([lastFirst, fullName], 'US').name!.value.full).toBe('David Johnson');
    });

    it('a last name alone is a name', () => {
      const lastOnly = personRecord('last', '2021-06-01', { lastName: 'Doe' });
      expect(buildGoldenProfile([lastOnly], 'US').name).toEqual({ value: { last: 'Doe', full: 'Doe' }, provenance: [prov(lastOnly, 'most_complete')], beaten: [] });
    });

    it('skips records without a name, and is null when none has one', () => {
      const nameless = personRecord('none', '2024-01-01', { emails: ['jane@doe.com'] });
      expect(buildGoldenProfile([nameless, firstOnly], 'US').name!.value.full).toBe('David');
      expect(buildGoldenProfile([nameless], 'US').name).toBeNull();
    });

    it('falls back to lastChangedAt when the source has no change time', () => {
      const old = personRecord('old', '2020-01-01', { firstName: 'Jane', lastName: 'Doe' });
      const seenLate: RecordRow = { ...personRecord('late', '2000-01-01', { firstName: 'Jade', lastName: 'Doe' }), sourceChangedAt: null, lastChangedAt: new Date('2030-01-01T00:00:00Z') };
      const name = buildGoldenProfile([old, seenLate], 'US').name!;
      expect(name.value.full).toBe('Jade Doe');
      expect(name.provenance).toEqual([{ ...prov(seenLate, 'most_recent'), changedAt: new Date('2030-01-01T00:00:00Z') }]);
    });

    it('with most_recent alone, the newest record wins whatever it holds (input order does not matter)', () => {
      const rules = withRules('name', { rule: 'most_recent' });
      for (const records of [[fullName, firstOnly], [firstOnly, fullName]]) {
        const name = buildGoldenProfile(records, 'US', undefined, rules).name!;
        expect(name.value.full).toBe('David');
        expect(name.provenance).toEqual([prov(firstOnly, 'most_recent')]);
        expect(name.beaten.map((b) => b.provenance)).toEqual([[prov(fullName, 'most_recent')]]);
      }
    });

    it('with source_priority, the best listed source wins; unlisted sources come after, then the tie-break', () => {
      const rules = withRules('name', { rule: 'source_priority', sources: ['mailchimp', 'salesforce'] }, { rule: 'most_recent' });
      const name = buildGoldenProfile([firstOnly, fullName, handle], 'US', undefined, rules).name!;
      expect(name.value.full).toBe('david_johnson');
      expect(name.provenance).toEqual([prov(handle, 'source_priority')]);
      expect(name.beaten).toEqual([
        { value: expect.objectContaining({ full: 'David Johnson' }), provenance: [prov(fullName, 'source_priority')] },
        { value: expect.objectContaining({ full: 'David' }), provenance: [prov(firstOnly, 'source_priority')] },
      ]);
      const twoUnlisted = withRules('name', { rule: 'source_priority', sources: ['shop'] }, { rule: 'most_recent' });
      expect(buildGoldenProfile([fullName, firstOnly], 'US', undefined, twoUnlisted).name!.provenance).toEqual([prov(firstOnly, 'most_recent')]);
    });

    it('with most_frequent, the name most records hold wins', () => {
      const again = personRecord('zd2', '2019-01-01', { fullName: 'david' }, 'zendesk');
      const rules = withRules('name', { rule: 'most_frequent' }, { rule: 'most_recent' });
      const name = buildGoldenProfile([fullName, firstOnly, again], 'US', undefined, rules).name!;
      expect(name.value.full).toBe('David');
      expect(name.provenance).toEqual([prov(firstOnly, 'most_frequent'), prov(again, 'most_frequent')]);
    });
  });

  describe('birth date (shipped rules: most frequent valid full date, then most recent)', () => {
    it('takes the date most records agree on after normalisation, over a newer one', () => {
      const a = personRecord('a', '2020-01-01', { birthDate: '05/17/1980' }, 'salesforce');
      const b = personRecord('b', '2021-01-01', { birthDate: '1980-05-17' }, 'mailchimp');
      const c = personRecord('c', '2024-01-01', { birthDate: '1981-05-17' }, 'zendesk');
      expect(buildGoldenProfile([a, b, c], 'US').birthDate).toEqual({
        value: '1980-05-17',
        provenance: [prov(b, 'most_frequent'), prov(a, 'most_frequent')],
        beaten: [{ value: '1981-05-17', provenance: [prov(c, 'most_frequent')] }],
      });
    });

    const cases: { name: string; dates: (string | undefined)[]; value: string | null; fromIndex?: number; rule?: SurvivorshipRule }[] = [
      { name: 'as many records each: the newest wins', dates: ['1980-05-17', '1981-05-17'], value: '1981-05-17', fromIndex: 1, rule: 'most_recent' },
      { name: 'US slash form is normalised', dates: ['05/17/1980'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer partial MM/DD date is skipped', dates: ['1980-05-17', '05/17'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer impossible date is skipped', dates: ['1980-05-17', '1981-02-30'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer future date is skipped', dates: ['1980-05-17', '2999-01-01'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer unparseable date is skipped', dates: ['1980-05-17', 'last tuesday'], value: '1980-05-17', fromIndex: 0 },
      { name: 'a newer record without a date is skipped', dates: ['1980-05-17', undefined], value: '1980-05-17', fromIndex: 0 },
      { name: 'null when no date is usable', dates: ['1899-12-31', '', '05/17'], value: null },
    ];

    it.each(cases)('$name', ({ dates, value, fromIndex, rule }) => {
      // Record i changed in year 2000 + i, so later entries are newer.
      const records = dates.map((d, i) => personRecord(`r${i}`, `${2000 + i}-01-01`, d === undefined ? {} : { birthDate: d }));
      const golden = buildGoldenProfile(records, 'US').birthDate;
      if (value === null) expect(golden).toBeNull();
      else expect(golden).toMatchObject({ value, provenance: [prov(records[fromIndex!]!, rule ?? 'most_frequent')] });
    });
  });

  describe('emails (shipped rule: most recent first)', () => {
    it('dedupes by normalised value and lists every record that holds it', () => {
      const a = personRecord('a', '2020-01-01', { emails: ['Jane@Doe.com', 'jane@work.com'] }, 'crm');
      const b = personRecord('b', '2024-01-01', { emails: [' jane@doe.com '] }, 'support');
      const c = personRecord('c', '2022-01-01', { emails: ['JANE@DOE.COM'] }, 'marketing');
      expect(buildGoldenProfile([a, b, c], 'US').emails).toEqual([
        { value: 'jane@doe.com', provenance: [prov(b, 'most_recent'), prov(c, 'most_recent'), prov(a, 'most_recent')] },
        { value: 'jane@work.com', provenance: [prov(a, 'most_recent')] },
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
        expect(buildGoldenProfile([r], 'US').emails).toEqual([{ value: 'ok@x.com', provenance: [prov(r, 'most_recent')] }]);
      },
    );

    // a record that lists the same address twice (in two case spellings) holds it once
    it('lists a record once in provenance even when it holds the value twice', () => {
      const r = personRecord('r', '2024-01-01', { emails: ['Jane@Doe.com', 'jane@doe.com'] });
      expect(buildGoldenProfile([r], 'US').emails).toEqual([{ value: 'jane@doe.com', provenance: [prov(r, 'most_recent')] }]);
    });

    it('keeps the values of one record in its order, and says most_recent put the newer record\'s first', () => {
      const a = personRecord('a', '2020-01-01', { emails: ['old@x.com'] });
      const b = personRecord('b', '2024-01-01', { emails: ['second@x.com', 'first@x.com'] });
      expect(buildGoldenProfile([a, b], 'US').emails).toEqual([
        { value: 'second@x.com', provenance: [prov(b, 'most_recent')] },
        { value: 'first@x.com', provenance: [prov(b, 'most_recent')] },
        { value: 'old@x.com', provenance: [prov(a, 'most_recent')] },
      ]);
    });

    it('orders by a configured rule: most_frequent puts the address most records hold first (the primary)', () => {
      const a = personRecord('a', '2020-01-01', { emails: ['shared@x.com'] });
      const b = personRecord('b', '2021-01-01', { emails: ['shared@x.com'] });
      const c = personRecord('c', '2024-01-01', { emails: ['new@x.com'] });
      const rules = withRules('emails', { rule: 'most_frequent' }, { rule: 'most_recent' });
      expect(buildGoldenProfile([a, b, c], 'US', undefined, rules).emails).toEqual([
        { value: 'shared@x.com', provenance: [prov(b, 'most_frequent'), prov(a, 'most_frequent')] },
        { value: 'new@x.com', provenance: [prov(c, 'most_frequent')] },
      ]);
    });

    it('leaves out placeholders identity never matches on, built-in and configured', () => {
      const r = personRecord('r', '2024-01-01', { emails: ['noreply@example.com', 'TEST@test.com', 'info@acme.com', 'jane@doe.com'] });
      expect(buildGoldenProfile([r], 'US', { emails: ['info@acme.com'] }).emails.map((e) => e.value)).toEqual(['jane@doe.com']);
      expect(buildGoldenProfile([r], 'US').emails.map((e) => e.value)).toEqual(['info@acme.com', 'jane@doe.com']);
    });
  });

  describe('phones (E.164, shipped rule: most recent first)', () => {
    it('dedupes by E.164 value across formats and records', () => {
      const a = personRecord('a', '2020-01-01', { phones: ['(415) 555-0134', '+44 20 7946 0958'] });
      const b = personRecord('b', '2023-01-01', { phones: ['+1 415.555.0134 ext. 12'] });
      expect(buildGoldenProfile([a, b], 'US').phones).toEqual([
        { value: '+14155550134', provenance: [prov(b, 'most_recent'), prov(a, 'most_recent')] },
        { value: '+442079460958', provenance: [prov(a, 'most_recent')] },
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
        { value: '+442079460958', provenance: [prov(gb, 'most_recent')] },
        { value: '+4917609567911', provenance: [prov(de, 'most_recent')] },
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

  describe('addresses (shipped rule: most recent first)', () => {
    it('dedupes addresses that differ only in case, accents and punctuation', () => {
      const a = personRecord('a', '2020-01-01', { addresses: [{ line1: 'Königstraße', city: 'München', postcode: 'AB', country: 'DE' }] });
      const newest = { line1: 'KONIGSTRASSE', city: 'munchen', postcode: 'ab', country: 'de', line2: 'ignored in the key' };
      const b = personRecord('b', '2023-01-01', { addresses: [newest] });
      // The newest record's spelling is displayed (the country as its code); both records are its provenance.
      expect(buildGoldenProfile([a, b], 'US').addresses).toEqual([
        { value: { ...newest, country: 'DE' }, provenance: [prov(b, 'most_recent'), prov(a, 'most_recent')] },
      ]);
    });

    it('is one address whether its country is written US or United States, shown as the ISO code', () => {
      const a = personRecord('a', '2020-01-01', { addresses: [{ line1: '1 Main St', city: 'Boston', postcode: '02108', country: 'US' }] });
      const b = personRecord('b', '2023-01-01', { addresses: [{ line1: '1 Main St', city: 'Boston', postcode: '02108', country: ' United States ' }] });
      const c = personRecord('c', '2022-01-01', { addresses: [{ line1: '1 Main St', city: 'Boston', postcode: '02108', country: 'usa' }] });
      expect(buildGoldenProfile([a, b, c], 'US').addresses).toEqual([
        { value: { line1: '1 Main St', city: 'Boston', postcode: '02108', country: 'US' }, provenance: [prov(b, 'most_recent'), prov(c, 'most_recent'), prov(a, 'most_recent')] },
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

    // house numbers and numeric postcodes are part of the key: two houses on one street are two addresses
    it('keeps different house numbers on the same street apart', () => {
      const r = personRecord('r', '2020-01-01', {
        addresses: [
          { line1: '1 Main St', postcode: '94105', city: 'San Francisco', country: 'US' },
          { line1: '2 Main St', postcode: '94105', city: 'San Francisco', country: 'US' },
        ],
      });
      expect(buildGoldenProfile([r], 'US').addresses.map((a) => a.value.line1)).toEqual(['1 Main St', '2 Main St']);
    });

    // and an address known only by a numeric postcode is an address
    it('is one address whether the street type is written out or not, shown written out', () => {
      const a = personRecord('a', '2024-01-01', { addresses: [{ line1: '108 Green St', city: 'Springfield', postcode: '62701', country: 'US' }] });
      const b = personRecord('b', '2020-01-01', { addresses: [{ line1: '108 Green Street', city: 'Springfield', postcode: '62701', country: 'US' }] });
      expect(buildGoldenProfile([a, b], 'US').addresses).toEqual([
        { value: { line1: '108 Green Street', city: 'Springfield', postcode: '62701', country: 'US' }, provenance: [prov(a, 'most_recent'), prov(b, 'most_recent')] },
      ]);
    });

    it('keeps two flats of one house apart', () => {
      const r = personRecord('r', '2020-01-01', { addresses: [{ line1: 'Flat 3, 12 High St', city: 'Bath' }, { line1: 'Flat 4, 12 High St', city: 'Bath' }] });
      expect(buildGoldenProfile([r], 'US').addresses.map((a) => a.value.line1)).toEqual(['Flat 3, 12 High St', 'Flat 4, 12 High St']);
    });

    it('orders by most_complete when configured: line, postcode, city and country first', () => {
      const cityOnly = personRecord('a', '2024-01-01', { addresses: [{ city: 'Bath', country: 'GB' }] });
      const full = personRecord('b', '2020-01-01', { addresses: [{ line1: '1 Queen Sq', postcode: 'BA1 2HP', city: 'Bath', country: 'GB' }] });
      const rules = withRules('addresses', { rule: 'most_complete' }, { rule: 'most_recent' });
      expect(buildGoldenProfile([cityOnly, full], 'US', undefined, rules).addresses).toEqual([
        { value: { line1: '1 Queen Sq', postcode: 'BA1 2HP', city: 'Bath', country: 'GB' }, provenance: [prov(full, 'most_complete')] },
        { value: { city: 'Bath', country: 'GB' }, provenance: [prov(cityOnly, 'most_complete')] },
      ]);
      // the shipped rule: the newest first
      expect(buildGoldenProfile([cityOnly, full], 'US').addresses.map((a) => a.provenance[0]!.recordId)).toEqual(['a', 'b']);
    });

    it('keeps an address known only by its numeric postcode', () => {
      const r = personRecord('r', '2020-01-01', { addresses: [{ postcode: '94105' }] });
      expect(buildGoldenProfile([r], 'US').addresses).toEqual([{ value: { postcode: '94105' }, provenance: [prov(r, 'most_recent')] }]);
    });
  });
});
