// Writes a demo company's native exports (Salesforce CSV, Zendesk JSON, Mailchimp JSON)
// in the formats of docs/import-formats.md. People are made one group at a time and
// written straight away, so 100,000 people need no more memory than 100.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { campaignCalendar } from './mailchimp-activity';
import { MailchimpBuilder } from './mailchimp';
import { PeopleGenerator } from './people';
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS, OPPORTUNITY_COLUMNS, SalesforceBuilder } from './salesforce';
import { CsvSink, JsonArraySink } from './sinks';
import { ZendeskBuilder } from './zendesk';
import type { DemoOptions, DemoSummary } from './types';

export type { DemoOptions, DemoSummary, DemoPerson, DemoGroup } from './types';
export { generatePeople, peopleGroups } from './people';

/** Groups written between backpressure checks. */
const BATCH = 64;

function openSinks(outDir: string) {
  return {
    accounts: new CsvSink(join(outDir, 'salesforce', 'Account.csv'), ACCOUNT_COLUMNS),
    contacts: new CsvSink(join(outDir, 'salesforce', 'Contact.csv'), CONTACT_COLUMNS),
    opportunities: new CsvSink(join(outDir, 'salesforce', 'Opportunity.csv'), OPPORTUNITY_COLUMNS),
    users: new JsonArraySink(join(outDir, 'zendesk', 'users.json'), 'users'),
    tickets: new JsonArraySink(join(outDir, 'zendesk', 'tickets.json'), 'tickets'),
    metrics: new JsonArraySink(join(outDir, 'zendesk', 'ticket_metrics.json'), 'ticket_metrics'),
    members: new JsonArraySink(join(outDir, 'mailchimp', 'members.json'), 'members'),
    activity: new JsonArraySink(join(outDir, 'mailchimp', 'activity.json'), 'member_activity'),
  };
}
type Sinks = ReturnType<typeof openSinks>;

/**
 * Writes outDir/salesforce/{Account,Contact,Opportunity}.csv, outDir/zendesk/{users,tickets,ticket_metrics}.json
 * and outDir/mailchimp/{members,activity}.json. Same seed → byte-identical files.
 */
export async function generateDemo(outDir: string, options: DemoOptions): Promise<DemoSummary> {
  if (!Number.isInteger(options.customers) || options.customers < 0) {
    throw new Error(`customers must be a whole number ≥ 0, got ${options.customers}`);
  }
  for (const system of ['salesforce', 'zendesk', 'mailchimp']) await mkdir(join(outDir, system), { recursive: true });
  const people = new PeopleGenerator(options);
  const { seed, now } = people;
  const salesforce = new SalesforceBuilder(seed, now);
  const zendesk = new ZendeskBuilder(seed, now);
  const mailchimp = new MailchimpBuilder(seed, now, campaignCalendar(seed, now));
  const sinks = openSinks(outDir);
  const all = Object.values(sinks);
  try {
    let groups = 0;
    for (let group = people.next(); group; group = people.next()) {
      writeSalesforce(sinks, salesforce.build(group));
      writeZendesk(sinks, zendesk.build(group));
      writeMailchimp(sinks, mailchimp.build(group));
      if (++groups % BATCH === 0) await Promise.all(all.map((sink) => sink.drain()));
    }
    writeSalesforce(sinks, salesforce.junk());
    writeZendesk(sinks, zendesk.junk());
    writeMailchimp(sinks, mailchimp.junk());
    await Promise.all(all.map((sink) => sink.close()));
  } catch (error) {
    all.forEach((sink) => sink.destroy());
    throw error;
  }
  return { people: options.customers, files: all.map((sink) => ({ path: sink.path, records: sink.records })) };
}

function writeSalesforce(sinks: Sinks, rows: ReturnType<SalesforceBuilder['build']>): void {
  if (rows.account) sinks.accounts.write(rows.account);
  rows.contacts.forEach((row) => sinks.contacts.write(row));
  rows.opportunities.forEach((row) => sinks.opportunities.write(row));
}

function writeZendesk(sinks: Sinks, records: ReturnType<ZendeskBuilder['build']>): void {
  records.users.forEach((user) => sinks.users.write(user));
  records.tickets.forEach((ticket) => sinks.tickets.write(ticket));
  records.metrics.forEach((metric) => sinks.metrics.write(metric));
}

function writeMailchimp(sinks: Sinks, records: ReturnType<MailchimpBuilder['build']>): void {
  records.members.forEach((member) => sinks.members.write(member));
  records.activity.forEach((entry) => sinks.activity.write(entry));
}
