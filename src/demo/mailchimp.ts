// Mailchimp list members and their activity, as the Marketing API returns them.
import { createHash } from 'node:crypto';
import { formatPhone, PhoneStyle } from './contact-points';
import { emailIn, emailNoise, firstNameFor, handTyped, streetFor } from './mess';
import { Rng, Weighted, chance, int, pick, rngFor } from './prng';
import { LIST_ID, MARKETING_PERMISSIONS, MEMBER_TAGS, SIGNUP_SOURCES } from './tables/content';
import { Campaign, campaignActivity, MemberStatus } from './mailchimp-activity';
import { daysAgo, mcTime, MINUTE } from './time';
import type { DemoGroup, DemoPerson } from './types';

export type JsonObject = Record<string, unknown>;

export interface MailchimpRecords {
  members: JsonObject[];
  activity: JsonObject[];
}

const STATUSES = new Weighted<MemberStatus>([
  ['subscribed', 80], ['unsubscribed', 10], ['cleaned', 4], ['pending', 4], ['transactional', 2],
]);
const PHONE_STYLES = new Weighted<PhoneStyle>([['national', 30], ['digits', 25], ['intl', 20], ['dots', 15], ['dashes', 10]]);

/** Mailchimp's subscriber hash: MD5 of the lower-cased address. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

/** Builds the marketing view of each group against a fixed campaign calendar. */
export class MailchimpBuilder {
  constructor(
    private readonly seed: number,
    private readonly now: number,
    private readonly campaigns: readonly Campaign[],
  ) {}

  build(group: DemoGroup): MailchimpRecords {
    const out: MailchimpRecords = { members: [], activity: [] };
    const rng = rngFor(this.seed, 4, group.index);
    for (const person of group.people) {
      if (person.systems.marketing) this.add(rng, out, person, emailNoise(rng, emailIn(person, 'marketing'), 0.05, 0));
    }
    return out;
  }

  /** Placeholder sign-ups (test@test.com and friends) so identity can show it ignores them. */
  junk(): MailchimpRecords {
    const out: MailchimpRecords = { members: [], activity: [] };
    const rng = rngFor(this.seed, 4, -1);
    for (const [email, name] of [['test@test.com', 'Test'], ['asdf@asdf.com', 'asdf'], ['noreply@example.com', '']]) {
      const optIn = daysAgo(rng, this.now, 60, 400);
      const { items, lastChanged } = campaignActivity(rng, this.campaigns, 'subscribed', optIn, this.now);
      out.members.push(member(subscriberHash(email), email, 'subscribed', optIn, lastChanged, {
        FNAME: name, LNAME: name ? 'Test' : '', ADDRESS: '', PHONE: '0000000000', BIRTHDAY: '',
      }, [false, false, false], []));
      out.activity.push(activityEntry(subscriberHash(email), items));
    }
    return out;
  }

  private add(rng: Rng, out: MailchimpRecords, person: DemoPerson, email: string): void {
    const status = STATUSES.pick(rng);
    const left = status === 'unsubscribed' || status === 'cleaned';
    const optIn = daysAgo(rng, this.now, left ? 60 : 0, 3 * 365);
    const { items, lastChanged } = campaignActivity(rng, this.campaigns, status, optIn, this.now);
    const subscribed = status === 'subscribed';
    const permissions = [subscribed && chance(rng, 0.95), chance(rng, 0.3), chance(rng, 0.2)];
    const tags = MEMBER_TAGS.filter(() => chance(rng, 0.15)).map((name) => ({ id: 2001 + MEMBER_TAGS.indexOf(name), name }));
    const id = subscriberHash(email);
    const row = member(id, email, status, optIn, lastChanged, mergeFields(rng, person), permissions, tags);
    row.source = pick(rng, SIGNUP_SOURCES);
    row.timestamp_signup = row.source === 'Hosted Signup Form' ? mcTime(optIn - int(rng, 1, 30) * MINUTE) : '';
    row.member_rating = memberRating(items);
    row.location = { country_code: person.address.country };
    out.members.push(row);
    out.activity.push(activityEntry(id, items));
  }
}

/** Mailchimp's 1–5 stars: 2 for someone new, more for opens and clicks per send. */
function memberRating(items: JsonObject[]): number {
  const sent = items.filter((i) => i.action === 'sent').length;
  const engaged = items.filter((i) => i.action === 'open' || i.action === 'click').length;
  return sent === 0 ? 2 : Math.max(1, Math.min(5, 1 + Math.round((4 * engaged) / sent)));
}

function mergeFields(rng: Rng, person: DemoPerson): JsonObject {
  const { address } = person;
  const phone = person.homePhone && chance(rng, 0.5) ? person.homePhone : person.mobile;
  return {
    FNAME: chance(rng, 0.05) ? '' : handTyped(rng, firstNameFor(rng, person, 0.6), 0.04, 0.08),
    LNAME: chance(rng, 0.08) ? '' : handTyped(rng, person.lastName, 0.04, 0.08),
    // Mailchimp returns an empty merge field as "" — the address field included.
    ADDRESS: chance(rng, 0.4)
      ? {
          addr1: streetFor(rng, address, 0.5),
          addr2: address.street2 ?? '',
          city: address.city,
          state: address.state,
          zip: address.postcode,
          country: address.country,
        }
      : '',
    PHONE: chance(rng, 0.45) ? formatPhone(phone, PHONE_STYLES.pick(rng)) : '',
    BIRTHDAY: chance(rng, 0.4) ? `${person.birthDate.slice(5, 7)}/${person.birthDate.slice(8, 10)}` : '',
  };
}

function member(
  id: string,
  email: string,
  status: MemberStatus,
  optIn: number,
  lastChanged: number,
  mergeFieldValues: JsonObject,
  permissions: boolean[],
  tags: { id: number; name: string }[],
): JsonObject {
  const optedIn = status !== 'pending' && status !== 'transactional';
  return {
    id,
    email_address: email,
    email_type: 'html',
    status,
    merge_fields: mergeFieldValues,
    // Pending and transactional contacts never opted in; Mailchimp leaves the field empty.
    timestamp_opt: optedIn ? mcTime(optIn) : '',
    last_changed: mcTime(lastChanged),
    language: '',
    vip: false,
    marketing_permissions: MARKETING_PERMISSIONS.map((p, i) => ({
      marketing_permission_id: p.id,
      text: p.text,
      enabled: permissions[i],
    })),
    tags_count: tags.length,
    tags,
    list_id: LIST_ID,
  };
}

function activityEntry(id: string, items: JsonObject[]): JsonObject {
  return { email_id: id, list_id: LIST_ID, activity: items, total_items: items.length };
}
