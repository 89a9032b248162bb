// Salesforce Data Export rows: Account, Contact, Opportunity (API field names as columns).
import { formatPhone, PhoneStyle } from './contact-points';
import { emailIn, emailNoise, firstNameFor, handTyped, streetFor } from './mess';
import { Rng, Weighted, chance, int, pick, rngFor } from './prng';
import { JOB_TITLES, LEAD_SOURCES, OPEN_STAGES, PRODUCTS } from './tables/content';
import { COUNTRY_NAMES, CURRENCIES } from './tables/places';
import { DAY, between, daysAgo, isoDate, sfDateTime } from './time';
import type { DemoGroup, DemoPerson } from './types';

export type Row = Record<string, string | number | boolean | undefined>;

export const ACCOUNT_COLUMNS = [
  'Id', 'Name', 'Type', 'Industry', 'Website', 'BillingCity', 'BillingCountry', 'CreatedDate', 'LastModifiedDate', 'IsDeleted',
];
export const CONTACT_COLUMNS = [
  'Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'HomePhone', 'MailingStreet', 'MailingCity',
  'MailingState', 'MailingPostalCode', 'MailingCountry', 'Birthdate', 'Title', 'LeadSource', 'HasOptedOutOfEmail',
  'DoNotCall', 'Customer_Number__c', 'CreatedDate', 'LastModifiedDate', 'IsDeleted',
];
export const OPPORTUNITY_COLUMNS = [
  'Id', 'Name', 'StageName', 'Probability', 'Amount', 'CurrencyIsoCode', 'CloseDate', 'IsWon', 'IsClosed', 'AccountId',
  'ContactId', 'CreatedDate', 'LastModifiedDate', 'IsDeleted',
];

export interface SalesforceRows {
  account?: Row;
  contacts: Row[];
  opportunities: Row[];
}

const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An 18-character Salesforce id: key prefix, pod, serial, and the case-safety checksum. */
export function salesforceId(prefix: string, serial: number): string {
  let digits = '';
  for (let n = serial; n > 0; n = Math.floor(n / 62)) digits = BASE62[n % 62] + digits;
  return caseSafeId(`${prefix}5g0${digits.padStart(9, '0')}`);
}

/** Salesforce's 15 → 18 character id: one letter per 5-character chunk encoding where its capitals are. */
export function caseSafeId(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id15[chunk * 5 + i])) flags |= 1 << i;
    suffix += CHECKSUM_CHARS[flags];
  }
  return id15 + suffix;
}

const PHONE_STYLES = new Weighted<PhoneStyle>([['national', 55], ['dashes', 15], ['intl', 15], ['dots', 10], ['digits', 5]]);
const OPPORTUNITY_COUNTS = new Weighted([[0, 35], [1, 30], [2, 20], [3, 10], [4, 5]] as const);
const OPEN_STAGE_TABLE = new Weighted(OPEN_STAGES.map(([stage, weight, probability]) => [[stage, probability], weight] as const));

/** Builds the CRM view of each group; ids run on across groups. */
export class SalesforceBuilder {
  private accounts = 0;
  private contacts = 0;
  private opportunities = 0;

  constructor(private readonly seed: number, private readonly now: number) {}

  build(group: DemoGroup): SalesforceRows {
    const members = group.people.filter((p) => p.systems.crm);
    if (members.length === 0) return { contacts: [], opportunities: [] };
    const rng = rngFor(this.seed, 2, group.index);
    const accountId = salesforceId('001', 100_000 + ++this.accounts);
    const contacts = members.map((person) => this.contact(rng, person, group, accountId));
    const opportunities = contacts.flatMap((contact) => this.opportunitiesFor(rng, contact, group, accountId));
    const firstCreated = Math.min(...contacts.map((c) => Date.parse(String(c.CreatedDate))));
    const created = firstCreated - int(rng, 0, 3) * DAY;
    const account: Row = {
      Id: accountId,
      Name: group.name,
      Type: group.kind === 'company' ? pick(rng, ['Customer - Direct', 'Customer - Channel', 'Prospect']) : 'Customer - Direct',
      Industry: group.industry,
      Website: group.domain && chance(rng, 0.8) ? `https://www.${group.domain}` : undefined,
      BillingCity: group.kind === 'company' ? group.city : undefined,
      BillingCountry: group.kind === 'company' ? COUNTRY_NAMES[group.country][0] : undefined,
      CreatedDate: sfDateTime(created),
      LastModifiedDate: sfDateTime(between(rng, created, this.now)),
      IsDeleted: false,
    };
    return { account, contacts, opportunities };
  }

  /** Placeholder contacts (test@test.com, 0000000000) so identity can show it ignores them. */
  junk(): SalesforceRows {
    const made = sfDateTime(this.now - 300 * DAY);
    const contact = (first: string | undefined, last: string, email: string | undefined, phone: string): Row => ({
      Id: salesforceId('003', 300_000 + ++this.contacts), FirstName: first, LastName: last, Email: email, Phone: phone,
      HasOptedOutOfEmail: false, DoNotCall: false, CreatedDate: made, LastModifiedDate: made, IsDeleted: false,
    });
    return {
      contacts: [
        contact('Test', 'Test', 'test@test.com', '0000000000'),
        contact('Test', 'User', 'TEST@TEST.COM', '000-000-0000'),
        contact(undefined, 'asdf', 'asdf@asdf.com', '1234567890'),
        contact('Unknown', 'Unknown', undefined, '0000000000'),
      ],
      opportunities: [],
    };
  }

  private contact(rng: Rng, person: DemoPerson, group: DemoGroup, accountId: string): Row {
    const created = daysAgo(rng, this.now, 30, 5 * 365);
    const { address } = person;
    const street = streetFor(rng, address, 0.3) + (address.street2 ? `\n${address.street2}` : '');
    const mobileStyle = PHONE_STYLES.pick(rng);
    const email = chance(rng, 0.05) ? undefined : emailNoise(rng, emailIn(person, 'crm'), 0.08, 0.02);
    const phone = chance(rng, 0.15) ? undefined : formatPhone(person.mobile, mobileStyle);
    const asMobile = chance(rng, 0.5);
    return {
      Id: salesforceId('003', 300_000 + ++this.contacts),
      AccountId: accountId,
      FirstName: chance(rng, 0.02) ? undefined : handTyped(rng, firstNameFor(rng, person, 0.3), 0.03, 0.05),
      LastName: handTyped(rng, person.lastName, 0.03, 0.05),
      Email: email,
      Phone: asMobile ? undefined : phone,
      MobilePhone: asMobile ? phone : undefined,
      HomePhone: person.homePhone ? formatPhone(person.homePhone, mobileStyle) : undefined,
      MailingStreet: chance(rng, 0.1) ? undefined : street,
      MailingCity: address.city,
      MailingState: address.state || undefined,
      MailingPostalCode: address.postcode,
      MailingCountry: pick(rng, COUNTRY_NAMES[address.country]),
      Birthdate: chance(rng, 0.6) ? person.birthDate : undefined,
      Title: group.kind === 'company' ? pick(rng, JOB_TITLES) : undefined,
      LeadSource: chance(rng, 0.8) ? pick(rng, LEAD_SOURCES) : undefined,
      HasOptedOutOfEmail: chance(rng, 0.08),
      DoNotCall: chance(rng, 0.03),
      Customer_Number__c: chance(rng, 0.85) ? person.customerNumber : undefined,
      CreatedDate: sfDateTime(created),
      LastModifiedDate: sfDateTime(between(rng, created, this.now)),
      IsDeleted: false,
    };
  }

  private opportunitiesFor(rng: Rng, contact: Row, group: DemoGroup, accountId: string): Row[] {
    const count = OPPORTUNITY_COUNTS.pick(rng);
    const contactCreated = Date.parse(String(contact.CreatedDate));
    const rows: Row[] = [];
    for (let i = 0; i < count; i++) rows.push(this.opportunity(rng, contactCreated, contact, group, accountId));
    return rows;
  }

  private opportunity(rng: Rng, after: number, contact: Row, group: DemoGroup, accountId: string): Row {
    const b2b = group.kind === 'company';
    const product = pick(rng, PRODUCTS.filter((p) => p.b2b === b2b));
    const created = between(rng, Math.max(after, this.now - 730 * DAY), this.now - DAY);
    const close = created + int(rng, 7, 120) * DAY;
    const closed = close < this.now;
    const won = closed && chance(rng, 0.55);
    const [stage, probability] = closed ? [won ? 'Closed Won' : 'Closed Lost', won ? 100 : 0] : OPEN_STAGE_TABLE.pick(rng);
    const modified = closed ? Math.min(close + int(rng, 0, 3) * DAY, this.now) : between(rng, created, this.now);
    return {
      Id: salesforceId('006', 600_000 + ++this.opportunities),
      Name: `${group.name} - ${product.name}`,
      StageName: stage,
      Probability: probability,
      Amount: chance(rng, 0.05) ? undefined : (int(rng, product.min * 100, product.max * 100) / 100).toFixed(2),
      CurrencyIsoCode: CURRENCIES[group.country],
      CloseDate: isoDate(close),
      IsWon: won,
      IsClosed: closed,
      AccountId: accountId,
      ContactId: contact.Id,
      CreatedDate: sfDateTime(created),
      LastModifiedDate: sfDateTime(modified),
      IsDeleted: false,
    };
  }
}
