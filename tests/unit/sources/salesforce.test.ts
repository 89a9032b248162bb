import { Readable } from 'node:stream';
import { getFormat } from '../../../src/sources/formats';
import { FileError } from '../../../src/sources/shared/result';
import { byId, accepted, chunked, collect, parseFixture, parseText, rejected } from './helpers';

const parseCsv = (fileName: string, text: string) => parseText('salesforce-csv', fileName, text);

describe('salesforce-csv Contact.csv', () => {
  it('maps a contact with every used column, keeping unknown columns in the payload', async () => {
    const ana = byId(await parseFixture('salesforce-csv', 'salesforce', 'Contact.csv'), '003A1');
    expect(ana).toMatchObject({ entity: 'contact', line: 2, deleted: false, sourceChangedAt: '2024-05-01T10:00:00.000Z', events: [] });
    expect(ana.person).toEqual({
      firstName: 'Ana',
      lastName: 'García',
      emails: ['ana.garcia@example.com'],
      phones: ['+34 612 345 678', '612345678'],
      addresses: [{ line1: 'Calle Mayor 5', line2: 'Piso 2, Puerta B', city: 'Madrid', region: 'Madrid', postcode: '28013', country: 'ES' }],
      birthDate: '1988-03-14',
      identifiers: [{ type: 'customer_number', value: 'C-1001' }],
    });
    expect(ana.data).toEqual({ accountId: '001X1', title: 'Buyer, "Retail"', hasOptedOutOfEmail: false, doNotCall: true, leadSource: 'Web' });
    expect(ana.payload).toMatchObject({ Id: '003A1', Email: ' ana.garcia@example.com ', Favourite_Colour__c: 'blue' });
    expect(ana.payload.MailingStreet).toBe('Calle Mayor 5\nPiso 2, Puerta B');
  });

  it('omits empty cells and falls back to CreatedDate for the change time', async () => {
    const smith = byId(await parseFixture('salesforce-csv', 'salesforce', 'Contact.csv'), '003A2');
    expect(smith.line).toBe(4); // after the two-line quoted street of line 2
    expect(smith.person).toEqual({ lastName: 'Smith', emails: [], phones: [], addresses: [], identifiers: [] });
    expect(smith.data).toEqual({ hasOptedOutOfEmail: false });
    expect(smith.sourceChangedAt).toBe('2024-02-01T08:00:00.000Z');
  });

  it('rejects bad rows with line and reason, keeps the good ones, and flags deletions', async () => {
    const results = await parseFixture('salesforce-csv', 'salesforce', 'Contact.csv');
    expect(rejected(results)).toEqual([
      { line: 5, reason: 'Id is empty' },
      { line: 6, reason: "LastModifiedDate is not a valid timestamp: 'yesterday'" },
    ]);
    expect(accepted(results).map((record) => [record.externalId, record.line, record.deleted])).toEqual([
      ['003A1', 2, false],
      ['003A2', 4, false],
      ['003A5', 7, true],
    ]);
  });
});

describe('salesforce-csv Account.csv', () => {
  it('maps accounts, rejects a missing Name, reads 0/1 booleans', async () => {
    const results = await parseFixture('salesforce-csv', 'salesforce', 'Account.csv');
    expect(byId(results, '001X1')).toMatchObject({
      entity: 'account',
      deleted: false,
      sourceChangedAt: '2024-04-01T12:00:00.000Z',
      data: { name: 'Acme, Inc.', type: 'Customer', industry: 'Retail', website: 'https://acme.example', billingCity: 'Madrid', billingCountry: 'Spain' },
      events: [],
    });
    expect(byId(results, '001X1').person).toBeUndefined();
    expect(byId(results, '001X3')).toMatchObject({ deleted: true, data: { name: 'Old Co' } });
    expect(rejected(results)).toEqual([{ line: 3, reason: 'Name is empty' }]);
  });
});

describe('salesforce-csv Opportunity.csv', () => {
  it('links a won opportunity to its contact and puts it on the sales journey', async () => {
    const won = byId(await parseFixture('salesforce-csv', 'salesforce', 'Opportunity.csv'), '006O1');
    expect(won.owner).toEqual({ entity: 'contact', externalId: '003A1' });
    expect(won.data).toEqual({
      name: 'Kitchen refit', amount: 1500.5, currency: 'EUR', stage: 'Closed Won', closeDate: '2024-04-20',
      isWon: true, isClosed: true, accountId: '001X1', contactId: '003A1',
    });
    const attributes = { opportunityId: '006O1', stage: 'Closed Won', amount: 1500.5, currency: 'EUR' };
    expect(won.events).toEqual([
      { type: 'opportunity_created', channel: 'sales', occurredAt: '2024-03-01T09:30:00.000Z', summary: 'Opportunity 006O1 created', attributes },
      { type: 'opportunity_won', channel: 'sales', occurredAt: '2024-04-20T00:00:00.000Z', summary: 'Opportunity 006O1 won', attributes },
    ]);
  });

  it('has no owner without ContactId, a lost event when closed, and no close event while open', async () => {
    const results = await parseFixture('salesforce-csv', 'salesforce', 'Opportunity.csv');
    const lost = byId(results, '006O2');
    expect(lost.owner).toBeUndefined();
    expect(lost.events.map((event) => [event.type, event.occurredAt])).toEqual([['opportunity_lost', '2024-05-02T00:00:00.000Z']]);
    const open = byId(results, '006O4');
    expect(open.owner).toEqual({ entity: 'contact', externalId: '003A2' });
    expect(open.events.map((event) => event.type)).toEqual(['opportunity_created']);
    expect(rejected(results)).toEqual([{ line: 4, reason: "Amount is not a valid number: 'lots'" }]);
  });
});

describe('salesforce-csv quoting and line numbers', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('counts lines after multi-line quoted fields (%s)', async (_name, nl) => {
    const text = [
      'Id,Name,Description',
      '001A,"Comma, Inc.","first line',
      'second, line',
      'third ""quoted"" line"',
      '',
      '001B,Plain,',
      ',Nameless,x',
      '001C,Short',
      '001D,"Unclosed,x',
      '001E,never,seen',
    ].join(nl);
    const results = await parseCsv('Account.csv', text);
    expect(accepted(results).map((record) => [record.externalId, record.line])).toEqual([['001A', 2], ['001B', 6]]);
    expect(byId(results, '001A').payload).toEqual({ Id: '001A', Name: 'Comma, Inc.', Description: `first line${nl}second, line${nl}third "quoted" line` });
    expect(byId(results, '001A').data).toEqual({ name: 'Comma, Inc.' });
    expect(rejected(results)).toEqual([
      { line: 7, reason: 'Id is empty' },
      { line: 8, reason: 'row has 2 fields, the header has 3' },
      { line: 9, reason: 'invalid CSV: a quoted field is not closed before the end of the file' },
    ]);
  });

  it('strips a byte order mark and trims header names', async () => {
    const results = await parseCsv('Account.csv', '\uFEFFId , Name\n001A, Acme \n');
    expect(accepted(results)).toMatchObject([{ externalId: '001A', line: 2, data: { name: 'Acme' }, payload: { Id: '001A', Name: ' Acme ' } }]);
  });

  it.each([
    ['IsDeleted', 'Id,Name,IsDeleted\n001A,Acme,maybe\n', "IsDeleted is not a valid boolean: 'maybe'"],
    ['CloseDate', 'Id,Name,StageName,CloseDate\n006A,Deal,Open,2024-02-30\n', "CloseDate is not a valid date: '2024-02-30'"],
    ['StageName', 'Id,Name,StageName\n006A,Deal, \n', 'StageName is empty'],
  ])('rejects a bad %s', async (_field, text, reason) => {
    const fileName = text.includes('StageName') ? 'Opportunity.csv' : 'Account.csv';
    expect(rejected(await parseCsv(fileName, text))).toEqual([{ line: 2, reason }]);
  });
});

describe('salesforce-csv whole-file problems and entity guessing', () => {
  it.each([
    ['Contact.csv', 'Name,Email\nAna,a@example.com\n', 'missing column "Id" (required: Id)'],
    ['Opportunity.csv', 'Id,Name\n006A,Deal\n', 'missing column "StageName" (required: Id, Name, StageName)'],
    ['Contact.csv', '', 'the file is empty: no header row'],
    ['export.csv', 'Id,Email\n1,a@example.com\n', 'cannot tell the Salesforce object'],
  ])('%s with %j throws a FileError, without the file name (the report puts it in front)', async (fileName, text, message) => {
    const thrown = await parseCsv(fileName, text).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(FileError);
    expect((thrown as Error).message).toMatch(new RegExp(`^${message.replace(/[()]/g, '\\$&')}`));
    expect((thrown as Error).message).not.toContain(fileName);
  });

  it.each([
    ['Id,Name,StageName\n006A,Deal,Open\n', 'opportunity'],
    ['Id,FirstName,Email\n003A,Ana,a@example.com\n', 'contact'],
    ['Id,Name,Industry\n001A,Acme,Retail\n', 'account'],
  ])('guesses the entity of an unnamed file from its header', async (text, entity) => {
    expect(accepted(await parseCsv('export.csv', text))[0].entity).toBe(entity);
  });
});

describe('salesforce-csv files that are not comma-separated text', () => {
  const failure = async (fileName: string, input: Readable) => {
    const thrown = await collect(getFormat('salesforce-csv').parse(input, fileName)).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(FileError);
    return (thrown as Error).message;
  };

  it.each([
    ['Contact.csv', 'Id;FirstName;LastName;Email\n003A;Ana;Lee;a@example.com\n', `the header is one column "Id;FirstName;LastName;Email": the file looks ';'-separated; export it comma-separated`],
    ['Contact.csv', 'Id\tFirstName\n003A\tAna\n', 'the header is one column "Id\\tFirstName": the file looks tab-separated; export it comma-separated'],
    ['export.csv', 'Id;Name;StageName\n006A;Deal;Open\n', `the header is one column "Id;Name;StageName": the file looks ';'-separated`],
  ])('%s with %j says the delimiter is wrong, not that Id is missing', async (fileName, text, message) => {
    expect(await failure(fileName, chunked(text))).toContain(message);
  });

  it('calls a binary file not a text CSV file rather than asking for another name', async () => {
    const bytes = Buffer.from([0xc3, 0x8f, 0x1b, 0xec, 0xcb, 0x57, 0x00, 0x42, 0x0a, 0x41, 0x42]);
    expect(await failure('Lead.csv', Readable.from([bytes]))).toBe(
      'not a text CSV file: its first line holds binary data (byte 0x1b at offset 2); export the Salesforce object as CSV',
    );
  });

  it('still reads a UTF-16 export with its byte-order mark (its NUL bytes are text)', async () => {
    const utf16 = Buffer.from('\uFEFFId,FirstName,LastName\n003A,Ana,Lee\n', 'utf16le');
    const results = await collect(getFormat('salesforce-csv').parse(Readable.from([utf16]), 'Contact.csv'));
    expect(accepted(results).map((r) => r.person?.firstName)).toEqual(['Ana']);
  });
});
