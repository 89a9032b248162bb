import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FORMAT_NAMES, getFormat } from '../../../src/sources/formats';
import { toIsoTimestamp } from '../../../src/sources/shared/values';
import { FIXTURES } from './helpers';

describe('getFormat', () => {
  it.each(FORMAT_NAMES)('returns the %s format', (name) => {
    expect(getFormat(name).name).toBe(name);
  });

  it('rejects an unknown format with the list of known ones', () => {
    expect(() => getFormat('excel')).toThrow(
      'unknown format "excel"; expected one of: salesforce-csv, zendesk-json, mailchimp-json, ndjson',
    );
  });
});

describe('selectFiles', () => {
  const folder = [
    'Opportunity.csv', 'README.md', 'account.csv', 'Contact.csv', 'Lead.csv', 'ticket_metrics.json', 'tickets.ndjson',
    'users.json', 'users.jsonl', 'organizations.json', 'activity.json', 'members.json', 'campaigns.json', 'shop.ndjson',
    'events.jsonl', 'notes.txt',
  ];

  it.each([
    ['salesforce-csv', ['Contact.csv', 'account.csv', 'Opportunity.csv']],
    ['zendesk-json', ['users.json', 'users.jsonl', 'tickets.ndjson', 'ticket_metrics.json']],
    ['mailchimp-json', ['members.json', 'activity.json']],
    ['ndjson', ['events.jsonl', 'shop.ndjson', 'tickets.ndjson', 'users.jsonl']],
  ])('%s picks its files, people first, and ignores the rest', (name, expected) => {
    expect(getFormat(name).selectFiles(folder)).toEqual(expected);
  });
});

describe('toIsoTimestamp', () => {
  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00.000+0000', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 10:00:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-02-30T00:00:00Z', undefined],
    ['1', undefined],
    ['May 5, 2024', undefined],
  ])('%s → %s', (raw, expected) => {
    expect(toIsoTimestamp(raw)).toBe(expected);
  });
});

describe('stopping early', () => {
  it.each([
    ['salesforce-csv', 'salesforce', 'Contact.csv'],
    ['zendesk-json', 'zendesk', 'tickets.ndjson'],
    ['zendesk-json', 'zendesk', 'users.json'],
    ['mailchimp-json', 'mailchimp', 'activity.json'],
    ['ndjson', 'ndjson', 'shop.ndjson'],
  ] as const)('%s closes %s/%s when the caller stops after one record', async (format, folder, fileName) => {
    const input = createReadStream(join(FIXTURES, folder, fileName));
    for await (const result of getFormat(format).parse(input, fileName)) {
      expect(result.ok).toBe(true);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(input.destroyed).toBe(true);
  });
});

describe('a failing input stream', () => {
  it.each([
    ['salesforce-csv', 'Account.csv', 'Id,Name\n001A,Acme\n'],
    ['zendesk-json', 'users.json', '{"id":1}\n'],
    ['mailchimp-json', 'members.json', '{"email_address":"a@example.com","status":"subscribed","list_id":"L1"}\n'],
    ['ndjson', 'shop.ndjson', '{"type":"person","id":"p"}\n'],
  ] as const)('%s passes the stream error on', async (format, fileName, firstLines) => {
    const input = new Readable({ read() {} });
    input.push(firstLines);
    setImmediate(() => input.destroy(new Error('disk gone')));
    const read = async () => {
      for await (const _ of getFormat(format).parse(input, fileName)) void _;
    };
    await expect(read()).rejects.toThrow('disk gone');
  });
});
