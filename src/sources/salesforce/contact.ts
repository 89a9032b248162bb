import type { ContactData, MappedRecord, PostalAddress } from '../record';
import { person } from '../shared/person';
import { compact } from '../shared/result';
import { bool, present, requiredText, text, timestamp } from '../shared/values';
import { isDeleted, lastModified, type CsvRow } from './row';

/** MailingStreet is a text area: its first line is line1, the others line2. */
function mailingAddress(row: CsvRow): PostalAddress[] {
  const [line1, ...more] = (text(row.MailingStreet, 'MailingStreet') ?? '').split(/\r\n|\r|\n/).map((part) => part.trim());
  const address = compact<PostalAddress>({
    line1: line1 || undefined,
    line2: more.filter(Boolean).join(', ') || undefined,
    city: text(row.MailingCity, 'MailingCity'),
    region: text(row.MailingState, 'MailingState'),
    postcode: text(row.MailingPostalCode, 'MailingPostalCode'),
    country: text(row.MailingCountry, 'MailingCountry'),
  });
  return Object.keys(address).length > 0 ? [address] : [];
}

export function mapContact(row: CsvRow): MappedRecord {
  const externalId = requiredText(row.Id, 'Id');
  const customerNumber = text(row.Customer_Number__c, 'Customer_Number__c');
  const created = timestamp(row.CreatedDate, 'CreatedDate');
  const data: ContactData = compact({
    accountId: text(row.AccountId, 'AccountId'),
    title: text(row.Title, 'Title'),
    hasOptedOutOfEmail: bool(row.HasOptedOutOfEmail, 'HasOptedOutOfEmail') ?? false,
    doNotCall: bool(row.DoNotCall, 'DoNotCall'),
    leadSource: text(row.LeadSource, 'LeadSource'),
  });
  return compact({
    entity: 'contact' as const,
    externalId,
    payload: row,
    // A contact never edited has only CreatedDate; that is still when it last changed.
    sourceChangedAt: lastModified(row) ?? created,
    deleted: isDeleted(row),
    person: person({
      firstName: text(row.FirstName, 'FirstName'),
      lastName: text(row.LastName, 'LastName'),
      emails: present(text(row.Email, 'Email')),
      phones: present(text(row.Phone, 'Phone'), text(row.MobilePhone, 'MobilePhone'), text(row.HomePhone, 'HomePhone')),
      addresses: mailingAddress(row),
      birthDate: text(row.Birthdate, 'Birthdate'),
      identifiers: customerNumber ? [{ type: 'customer_number', value: customerNumber }] : [],
    }),
    data: { ...data },
    events: [],
  });
}
