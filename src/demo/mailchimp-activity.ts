// The campaign calendar and what each member did with each campaign.
import { Rng, Weighted, chance, int, rngFor } from './prng';
import { CAMPAIGN_TITLES } from './tables/content';
import { DAY, HOUR, MINUTE, between, mcTime } from './time';

export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional';

export interface Campaign {
  id: string;
  title: string;
  sendMs: number;
  url: string;
}

const CAMPAIGN_COUNT = 16;

/** ~16 campaigns spread over the last year, the last one a few days ago. Oldest first. */
export function campaignCalendar(seed: number, now: number): Campaign[] {
  const rng = rngFor(seed, 5, 0);
  const spacing = Math.floor(360 / CAMPAIGN_COUNT);
  const campaigns: Campaign[] = [];
  for (let i = 0; i < CAMPAIGN_COUNT; i++) {
    const daysBack = 3 + (CAMPAIGN_COUNT - 1 - i) * spacing + int(rng, 0, spacing - 3);
    const day = Math.floor(now / DAY) - daysBack;
    const title = CAMPAIGN_TITLES[i % CAMPAIGN_TITLES.length];
    const id = hex(rng, 10);
    campaigns.push({
      id,
      title,
      sendMs: day * DAY + int(rng, 8, 17) * HOUR,
      url: `https://www.tessera-demo.example/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}?utm_campaign=${id}`,
    });
  }
  return campaigns;
}

function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += int(rng, 0, 15).toString(16);
  return out;
}

// How engaged a member is: the share of received campaigns they open.
const OPEN_RATES = new Weighted([[0.03, 25], [0.15, 35], [0.35, 25], [0.6, 15]] as const);
const CLICK_GIVEN_OPEN = 0.2;
const SOFT_BOUNCE = 0.01;
const IN_SEGMENT = 0.9;

type Item = Record<string, unknown>;

/**
 * Sends for every campaign after opt-in (90% of them; segments), opens and clicks by engagement,
 * rare soft bounces. Unsubscribed members unsubscribe from one campaign and get nothing after;
 * cleaned members hard-bounce once and are dropped. Newest first, as the API lists it.
 */
export function campaignActivity(
  rng: Rng,
  campaigns: readonly Campaign[],
  status: MemberStatus,
  optIn: number,
  now: number,
): { items: Item[]; lastChanged: number } {
  if (status === 'pending' || status === 'transactional') return { items: [], lastChanged: optIn };
  const eligible = campaigns.filter((c) => c.sendMs > optIn);
  const stop = status === 'subscribed' || eligible.length === 0 ? eligible.length : int(rng, 0, eligible.length - 1);
  const openRate = OPEN_RATES.pick(rng);
  const items: Item[] = [];
  let lastChanged = between(rng, optIn, now);
  eligible.forEach((campaign, i) => {
    if (i > stop || (i < stop && !chance(rng, IN_SEGMENT))) return;
    const push = (action: string, at: number, extra: Item = {}): void => {
      if (at >= now) return; // not happened yet
      items.push({ action, timestamp: mcTime(at), type: 'regular', campaign_id: campaign.id, title: campaign.title, ...extra });
    };
    push('sent', campaign.sendMs);
    if (i === stop && status === 'cleaned') {
      lastChanged = campaign.sendMs + 5 * MINUTE;
      return push('bounce', lastChanged, { type: 'hard' });
    }
    if (i !== stop && chance(rng, SOFT_BOUNCE)) return push('bounce', campaign.sendMs + 2 * MINUTE, { type: 'soft' });
    const opened = chance(rng, i === stop ? 0.9 : openRate);
    const openAt = campaign.sendMs + int(rng, 5, 72 * 60) * MINUTE;
    if (opened) push('open', openAt);
    if (opened && chance(rng, CLICK_GIVEN_OPEN)) push('click', openAt + int(rng, 1, 30) * MINUTE, { url: campaign.url });
    if (i === stop && status === 'unsubscribed') {
      lastChanged = Math.min(openAt + int(rng, 1, 10) * MINUTE, now - MINUTE);
      push('unsub', lastChanged);
    }
  });
  items.sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp)));
  return { items, lastChanged };
}
