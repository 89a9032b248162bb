import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoSummary, generateDemo } from '../../../src/demo/generate-demo';
import { demoDay } from '../../../src/demo/people';
import { nicknamePairs } from '../../../src/demo/tables/names';
import { Json, phoneDigits, readCsv, readJson } from './files';

const FILES = [
  'salesforce/Account.csv', 'salesforce/Contact.csv', 'salesforce/Opportunity.csv',
  'zendesk/users.json', 'zendesk/tickets.json', 'zendesk/ticket_metrics.json',
  'mailchimp/members.json', 'mailchimp/activity.json',
];
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const tempDir = () => mkdtempSync(join(tmpdir(), 'tessera-demo-'));

describe('generateDemo: determinism', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function bytes(seed: number): Promise<string[]> {
    const dir = tempDir();
    dirs.push(dir);
    await generateDemo(dir, { customers: 200, seed });
    return FILES.map((file) => readFileSync(join(dir, file), 'utf8'));
  }

  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const [a, b, c] = [await bytes(7), await bytes(7), await bytes(8)];
    expect(b).toEqual(a);
    FILES.forEach((_, i) => expect(c[i]).not.toEqual(a[i]));
  });
});

describe('generateDemo: the day its history ends', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('runs every date up to the given day, so recent activity is recent whenever the demo is written', async () => {
    for (const day of ['2025-03-01', '2026-11-27']) {
      const dir = tempDir();
      dirs.push(dir);
      const now = new Date(`${day}T00:00:00Z`);
      await generateDemo(dir, { customers: 200, seed: 3, now });
      const times = FILES.flatMap((file) => readFileSync(join(dir, file), 'utf8').match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/g) ?? []);
      const latest = Math.max(...times.map((t) => Date.parse(`${t}Z`)));
      expect(latest).toBeLessThanOrEqual(now.getTime());
      expect(now.getTime() - latest).toBeLessThan(2 * 86_400_000);
    }
  });

  it('is midnight UTC of the day it is asked on', () => {
    expect(demoDay(new Date('2026-11-27T23:59:59.999Z')).toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(demoDay(new Date('2026-11-28T00:00:00.000Z')).toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });
});

describe('generateDemo: edge cases', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes valid files holding only the junk records for zero customers', async () => {
    const summary = await generateDemo(dir, { customers: 0 });
    expect(summary.people).toBe(0);
    expect(readJson(dir, 'zendesk', 'ticket_metrics.json').ticket_metrics).toHaveLength(1);
    expect(readJson(dir, 'mailchimp', 'members.json').members.length).toBeGreaterThan(0);
    expect(readCsv(dir, 'Account.csv').rows).toHaveLength(0);
  });

  it('rejects a customer count that is not a whole number', async () => {
    await expect(generateDemo(dir, { customers: 1.5 })).rejects.toThrow('customers must be a whole number');
  });
});

describe('generateDemo: 1000 people', () => {
  let dir: string;
  let summary: DemoSummary;
  let contacts: Record<string, string>[];
  let users: Json[];
  let members: Json[];

  beforeAll(async () => {
    dir = tempDir();
    summary = await generateDemo(dir, { customers: 1000 });
    contacts = readCsv(dir, 'Contact.csv').rows;
    users = readJson(dir, 'zendesk', 'users.json').users;
    members = readJson(dir, 'mailchimp', 'members.json').members;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every file with its record count', () => {
    expect(summary.people).toBe(1000);
    expect(summary.files.map((f) => f.path)).toEqual(FILES.map((file) => join(dir, file)));
    const counts = Object.fromEntries(summary.files.map((f) => [f.path.slice(dir.length + 1), f.records]));
    expect(readCsv(dir, 'Account.csv').rows).toHaveLength(counts['salesforce/Account.csv']);
    expect(contacts).toHaveLength(counts['salesforce/Contact.csv']);
    expect(readCsv(dir, 'Opportunity.csv').rows).toHaveLength(counts['salesforce/Opportunity.csv']);
    expect(users).toHaveLength(counts['zendesk/users.json']);
    expect(members).toHaveLength(counts['mailchimp/members.json']);
    expect(contacts.length / readCsv(dir, 'Account.csv').rows.length).toBeGreaterThan(2.2);
  });

  it('writes Salesforce CSVs with the documented API names as header', () => {
    const { header } = readCsv(dir, 'Contact.csv');
    expect(header).toEqual(expect.arrayContaining([
      'Id', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'HomePhone', 'MailingStreet', 'MailingCity',
      'MailingState', 'MailingPostalCode', 'MailingCountry', 'Birthdate', 'AccountId', 'Title', 'LeadSource',
      'HasOptedOutOfEmail', 'DoNotCall', 'Customer_Number__c', 'CreatedDate', 'LastModifiedDate', 'IsDeleted',
    ]));
    expect(readCsv(dir, 'Account.csv').header).toEqual(expect.arrayContaining(['Id', 'Name', 'Type', 'Industry', 'Website']));
    expect(readCsv(dir, 'Opportunity.csv').header).toEqual(expect.arrayContaining([
      'Id', 'Name', 'StageName', 'Amount', 'CurrencyIsoCode', 'CloseDate', 'IsWon', 'IsClosed', 'AccountId', 'ContactId',
    ]));
    expect(contacts.some((c) => c.MailingStreet?.includes('\n'))).toBe(true); // quoted multi-line streets
  });

  it('keeps Salesforce records consistent: ids link, stages match IsWon/IsClosed, ~60% birthdates', () => {
    const accountIds = new Set(readCsv(dir, 'Account.csv').rows.map((a) => a.Id));
    const contactIds = new Set(contacts.map((c) => c.Id));
    expect(contacts.filter((c) => c.AccountId).every((c) => accountIds.has(c.AccountId))).toBe(true);
    for (const o of readCsv(dir, 'Opportunity.csv').rows) {
      expect(contactIds.has(o.ContactId)).toBe(true);
      expect(o.IsWon).toBe(String(o.StageName === 'Closed Won'));
      expect(o.IsClosed).toBe(String(o.StageName.startsWith('Closed')));
      expect(o.CreatedDate.slice(0, 10) <= o.CloseDate).toBe(true);
    }
    const withBirthdate = contacts.filter((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.Birthdate)).length / contacts.length;
    expect(withBirthdate).toBeGreaterThan(0.5);
    expect(withBirthdate).toBeLessThan(0.7);
    const withNumber = contacts.filter((c) => c.Customer_Number__c).length / contacts.length;
    expect(withNumber).toBeGreaterThan(0.75);
  });

  it('writes one ticket_metric per ticket, and tickets solve after they open', () => {
    const tickets: Json[] = readJson(dir, 'zendesk', 'tickets.json').tickets;
    const metrics: Json[] = readJson(dir, 'zendesk', 'ticket_metrics.json').ticket_metrics;
    expect(metrics.map((m) => m.ticket_id).sort()).toEqual(tickets.map((t) => t.id).sort());
    const userIds = new Set(users.map((u) => u.id));
    for (const t of tickets) {
      expect(userIds.has(t.requester_id)).toBe(true);
      expect(['new', 'open', 'pending', 'solved', 'closed']).toContain(t.status);
      expect(['email', 'web', 'chat', 'voice']).toContain(t.via.channel);
      if (t.solved_at) expect(Date.parse(t.created_at)).toBeLessThan(Date.parse(t.solved_at));
    }
    expect(new Set(tickets.map((t) => t.satisfaction_rating.score))).toEqual(new Set(['good', 'bad', 'offered', 'unoffered']));
    expect(metrics.some((m) => m.reopens > 0) && metrics.every((m) => m.assignee_stations >= 1)).toBe(true);
  });

  it('carries the customer number as Zendesk external_id for ~60% of users', () => {
    const share = users.filter((u) => u.external_id).length / users.length;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.7);
  });

  it('ids Mailchimp members by the MD5 of the lower-cased email, with one activity entry each', () => {
    for (const m of members) expect(m.id).toBe(md5(m.email_address.toLowerCase()));
    const activity: Json[] = readJson(dir, 'mailchimp', 'activity.json').member_activity;
    expect(activity.map((a) => a.email_id)).toEqual(members.map((m) => m.id));
    const byId = new Map(activity.map((a) => [a.email_id, a.activity]));
    for (const m of members.filter((x) => x.status === 'unsubscribed')) {
      expect(byId.get(m.id).some((item: Json) => item.action === 'unsub')).toBe(true);
    }
    const birthdays = members.map((m) => m.merge_fields.BIRTHDAY).filter(Boolean);
    expect(birthdays.length).toBeGreaterThan(100);
    expect(birthdays.every((b: string) => /^\d{2}\/\d{2}$/.test(b))).toBe(true);
    expect(new Set(members.map((m) => m.status))).toEqual(
      new Set(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional']),
    );
  });

  it('has the mess identity resolution must see through', () => {
    const usersByNumber = new Map(users.filter((u) => u.external_id).map((u) => [u.external_id, u]));
    const pairs = contacts.flatMap((c) => (usersByNumber.has(c.Customer_Number__c) ? [[c, usersByNumber.get(c.Customer_Number__c)]] : []));
    const nick = new Set(nicknamePairs().map(([n, f]) => `${n}|${f}`));
    expect(pairs.some(([c, u]) => nick.has(`${u.name.split(' ')[0]}|${c.FirstName}`))).toBe(true);
    expect(pairs.some(([c, u]) => {
      const phone = c.Phone || c.MobilePhone;
      return phone && u.phone && phone !== u.phone && phoneDigits(phone) === phoneDigits(u.phone);
    })).toBe(true);
    expect(users.some((u) => /^[^ ]+, [^ ]+/.test(u.name))).toBe(true); // "Last, First"
    expect(contacts.some((c) => c.Email && c.Email !== c.Email.trim().toLowerCase())).toBe(true);
  });

  it('includes a handful of junk records', () => {
    expect(contacts.filter((c) => c.Email?.toLowerCase() === 'test@test.com')).toHaveLength(2);
    expect(users.some((u) => u.email === 'test@test.com' && u.phone === '0000000000')).toBe(true);
    expect(members.some((m) => m.email_address === 'test@test.com')).toBe(true);
  });
});
