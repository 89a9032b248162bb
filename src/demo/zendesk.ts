// Zendesk API objects: users, tickets and one ticket_metric per ticket.
import { formatPhone, PhoneStyle } from './contact-points';
import { emailIn, emailNoise, firstNameFor, handTyped } from './mess';
import { Rng, Weighted, chance, int, rngFor } from './prng';
import { LOCALES, TIME_ZONES } from './tables/places';
import { buildTicket, ticketTimes, TicketStory } from './zendesk-tickets';
import { DAY, between, daysAgo, zdTime } from './time';
import type { DemoGroup, DemoPerson } from './types';

export type JsonObject = Record<string, unknown>;

export interface ZendeskRecords {
  users: JsonObject[];
  tickets: JsonObject[];
  metrics: JsonObject[];
}

export const ZENDESK_HOST = 'https://tessera-demo.zendesk.com';
const TICKET_COUNTS = new Weighted([[0, 20], [1, 30], [2, 20], [3, 12], [4, 8], [5, 6], [6, 4]] as const);
const PHONE_STYLES = new Weighted<PhoneStyle>([['intl', 35], ['e164', 25], ['national', 20], ['digits', 10], ['dots', 10]]);
type NameForm = 'full' | 'last-first' | 'first' | 'lower' | 'email';
const NAME_FORMS = new Weighted<NameForm>([['full', 82], ['last-first', 6], ['first', 6], ['lower', 3], ['email', 3]]);

/** Builds the support view of each group; ids run on across groups. */
export class ZendeskBuilder {
  private users = 0;
  private tickets = 0;

  constructor(private readonly seed: number, private readonly now: number) {}

  build(group: DemoGroup): ZendeskRecords {
    const out: ZendeskRecords = { users: [], tickets: [], metrics: [] };
    const rng = rngFor(this.seed, 3, group.index);
    for (const person of group.people) {
      if (person.systems.support) this.addUser(rng, person, group, out);
    }
    return out;
  }

  /** Placeholder users so identity resolution can show it ignores them; one has a test ticket. */
  junk(): ZendeskRecords {
    const made = zdTime(this.now - 200 * DAY);
    const user = (name: string, email: string | null, phone: string | null): JsonObject => {
      const id = 1_500_000_000 + ++this.users;
      return {
        id, url: `${ZENDESK_HOST}/api/v2/users/${id}.json`, name, email, created_at: made, updated_at: made,
        time_zone: 'UTC', phone, locale: 'en-US', organization_id: null, role: 'end-user', verified: false,
        external_id: null, tags: [], active: true, suspended: false,
      };
    };
    const users = [user('Test User', 'test@test.com', '0000000000'), user('asdf', 'asdf@asdf.com', '+1 000 000 0000'), user('Caller', null, '0000000000')];
    const rng = rngFor(this.seed, 3, -1);
    const ids = { id: 1000 + ++this.tickets, requesterId: users[0].id as number };
    const story = buildTicket(rng, this.now, this.now - 100 * DAY, ids, undefined);
    story.ticket.subject = 'test ticket please ignore';
    return { users, tickets: [story.ticket], metrics: [story.metrics] };
  }

  private addUser(rng: Rng, person: DemoPerson, group: DemoGroup, out: ZendeskRecords): void {
    const userId = 1_500_000_000 + ++this.users;
    const stories: TicketStory[] = ticketTimes(rng, this.now, TICKET_COUNTS.pick(rng)).map((created) =>
      buildTicket(rng, this.now, created, { id: 1000 + ++this.tickets, requesterId: userId }, group),
    );
    const firstTicket = stories.length > 0 ? stories[0].createdMs : undefined;
    const created = firstTicket ? firstTicket - int(rng, 0, 60) * DAY : daysAgo(rng, this.now, 30, 1500);
    const updated = Math.max(created, ...stories.map((s) => s.updatedMs));
    out.users.push(this.user(rng, person, group, userId, created, between(rng, updated, Math.min(updated + DAY, this.now))));
    for (const story of stories) {
      out.tickets.push(story.ticket);
      out.metrics.push(story.metrics);
    }
  }

  private user(rng: Rng, person: DemoPerson, group: DemoGroup, id: number, created: number, updated: number): JsonObject {
    const email = chance(rng, 0.04) ? null : emailNoise(rng, emailIn(person, 'support'), 0.05, 0);
    const phoneOf = person.homePhone && chance(rng, 0.5) ? person.homePhone : person.mobile;
    return {
      id,
      url: `${ZENDESK_HOST}/api/v2/users/${id}.json`,
      name: displayName(rng, person, email),
      email,
      created_at: zdTime(created),
      updated_at: zdTime(updated),
      time_zone: TIME_ZONES[person.address.country],
      phone: chance(rng, 0.5) ? formatPhone(phoneOf, PHONE_STYLES.pick(rng)) : null,
      locale: LOCALES[person.address.country],
      organization_id: group.kind === 'company' ? 360_000_000 + group.index : null,
      role: 'end-user',
      verified: email !== null && chance(rng, 0.7),
      external_id: chance(rng, 0.6) ? person.customerNumber : null,
      tags: [],
      active: true,
      suspended: false,
    };
  }
}

/** What people type into a support form: full name mostly, sometimes "Last, First" or just a first name. */
function displayName(rng: Rng, person: DemoPerson, email: string | null): string {
  const first = handTyped(rng, firstNameFor(rng, person, 0.8), 0.04, 0.1);
  const last = handTyped(rng, person.lastName, 0.04, 0.1);
  const form = NAME_FORMS.pick(rng);
  if (form === 'last-first') return `${last}, ${first}`;
  if (form === 'first') return first;
  if (form === 'lower') return `${first} ${last}`.toLowerCase();
  if (form === 'email' && email) return email.trim().split('@')[0];
  return `${first} ${last}`;
}

