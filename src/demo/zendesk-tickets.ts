// One support ticket and its metrics, told as a story: how hard it was drives how long it took,
// how many agents touched it and whether the customer rated it bad.
import { Rng, Weighted, chance, int, pick } from './prng';
import { BAD_COMMENTS, GOOD_COMMENTS, TICKET_TOPICS } from './tables/content';
import { DAY, MINUTE, between, daysAgo, zdTime } from './time';
import type { DemoGroup } from './types';

export interface TicketStory {
  createdMs: number;
  updatedMs: number;
  ticket: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

type Channel = 'email' | 'web' | 'chat' | 'voice';
const CHANNELS = new Weighted<Channel>([['email', 40], ['web', 30], ['chat', 20], ['voice', 10]]);
const PRIORITIES = new Weighted<string | null>([['low', 20], ['normal', 50], ['high', 18], ['urgent', 5], [null, 7]]);
const STATIONS = new Weighted([[1, 60], [2, 22], [3, 10], [4, 5], [5, 3]] as const);
const REOPENS = new Weighted([[0, 82], [1, 12], [2, 4], [3, 2]] as const);
const TYPES = new Weighted<string | null>([['question', 45], ['incident', 35], ['problem', 8], ['task', 4], [null, 8]]);
const AGENT_GROUPS = [360_001_001, 360_001_002, 360_001_003]; // Billing, Technical, Field Service
const AUTO_CLOSE = 4 * DAY;

/** Minutes a ticket of this channel takes when nothing goes wrong. */
function baseMinutes(rng: Rng, channel: Channel): number {
  if (channel === 'chat') return int(rng, 10, 240);
  if (channel === 'voice') return int(rng, 15, 600);
  return int(rng, 90, 4320);
}

/** Business minutes: short tickets fall inside office hours, long ones only ~45 of 168 hours a week. */
const business = (calendar: number): number => Math.round(calendar < 480 ? calendar * 0.8 : calendar * 0.27);
const minutes = (calendar: number | null) => ({ calendar, business: calendar === null ? null : business(calendar) });

/** When tickets were opened: up to two years back, oldest first so ids rise with time. */
export function ticketTimes(rng: Rng, now: number, count: number): number[] {
  return Array.from({ length: count }, () => daysAgo(rng, now, 0, 729)).sort((a, b) => a - b);
}

export function buildTicket(
  rng: Rng,
  now: number,
  created: number,
  ids: { id: number; requesterId: number },
  group: DemoGroup | undefined,
): TicketStory {
  const { id, requesterId } = ids;
  const channel = CHANNELS.pick(rng);
  const topicIndex = int(rng, 0, TICKET_TOPICS.length - 1);
  const stations = STATIONS.pick(rng);
  const reopens = REOPENS.pick(rng);
  const groupStations = Math.min(stations, 1 + (stations >= 3 ? int(rng, 0, 2) : chance(rng, 0.1) ? 1 : 0));
  const full = Math.round(baseMinutes(rng, channel) * (1 + 0.8 * (stations - 1) + 0.6 * reopens));
  const solvedMs = created + full * MINUTE;
  const stuck = chance(rng, 0.02); // a few tickets linger unsolved
  const solved = !stuck && solvedMs < now;
  const status = solved ? (now - solvedMs > AUTO_CLOSE ? 'closed' : 'solved') : openStatus(rng, now - created);
  const updated = solved ? Math.min(status === 'closed' ? solvedMs + AUTO_CLOSE : solvedMs, now) : between(rng, created, now);
  const replies = 1 + int(rng, 0, 2) + (stations - 1) + reopens * int(rng, 1, 2);
  const firstResolution = reopens > 0 ? Math.round(full * (0.3 + 0.4 * rng())) : full;
  const firstReply = Math.min(firstResolution, channel === 'chat' || channel === 'voice' ? int(rng, 0, 10) : int(rng, 20, 1440));
  const topic = TICKET_TOPICS[topicIndex];
  const ticket = {
    id,
    url: `https://tessera-demo.zendesk.com/api/v2/tickets/${id}.json`,
    external_id: null,
    via: { channel },
    created_at: zdTime(created),
    updated_at: zdTime(updated),
    type: TYPES.pick(rng),
    subject: pick(rng, topic.subjects),
    priority: PRIORITIES.pick(rng),
    status,
    requester_id: requesterId,
    submitter_id: requesterId,
    assignee_id: status === 'new' ? null : 900_000_001 + int(rng, 0, 11),
    organization_id: group?.kind === 'company' ? 360_000_000 + group.index : null,
    group_id: AGENT_GROUPS[topicIndex % AGENT_GROUPS.length],
    tags: [...topic.tags, channel],
    satisfaction_rating: solved ? rating(rng, stations, reopens) : { score: 'unoffered' },
    solved_at: solved ? zdTime(solvedMs) : null,
  };
  const metrics = {
    id: 27_000_000_000 + id,
    ticket_id: id,
    url: `https://tessera-demo.zendesk.com/api/v2/ticket_metrics/${27_000_000_000 + id}.json`,
    created_at: zdTime(created),
    updated_at: zdTime(updated),
    group_stations: groupStations,
    assignee_stations: stations,
    reopens,
    replies: status === 'new' ? 0 : replies,
    solved_at: solved ? zdTime(solvedMs) : null,
    reply_time_in_minutes: minutes(status === 'new' ? null : firstReply),
    first_resolution_time_in_minutes: minutes(solved ? firstResolution : null),
    full_resolution_time_in_minutes: minutes(solved ? full : null),
    agent_wait_time_in_minutes: minutes(solved ? Math.round(full * 0.6) : null),
    requester_wait_time_in_minutes: minutes(solved ? Math.round(full * 0.4) : null),
    on_hold_time_in_minutes: minutes(0),
  };
  return { createdMs: created, updatedMs: updated, ticket, metrics };
}

function openStatus(rng: Rng, ageMs: number): string {
  if (ageMs < DAY && chance(rng, 0.5)) return 'new';
  return chance(rng, 0.6) ? 'open' : 'pending';
}

/** More agents and reopens make a bad rating likelier. Unanswered surveys stay "offered". */
function rating(rng: Rng, stations: number, reopens: number): Record<string, unknown> {
  if (chance(rng, 0.15)) return { score: 'unoffered' };
  if (chance(rng, 0.35)) return { score: 'offered' };
  const pBad = Math.min(0.85, 0.06 + 0.14 * (stations - 1) + 0.18 * reopens);
  const score = chance(rng, pBad) ? 'bad' : 'good';
  const comment = score === 'bad' ? (chance(rng, 0.55) ? pick(rng, BAD_COMMENTS) : undefined)
    : chance(rng, 0.25) ? pick(rng, GOOD_COMMENTS) : undefined;
  return comment ? { score, comment } : { score };
}
