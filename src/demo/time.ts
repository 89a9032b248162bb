// Timestamps in each system's native ISO-8601 flavour.
import { Rng, int } from './prng';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Salesforce: 2025-03-01T10:00:00.000Z */
export const sfDateTime = (ms: number): string => new Date(ms).toISOString();
/** YYYY-MM-DD */
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** Zendesk: 2025-03-01T10:00:00Z */
export const zdTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Mailchimp: 2025-03-01T10:00:00+00:00 */
export const mcTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A moment between `daysMin` and `daysMax` days before `now`, to the second, in office-ish hours. */
export function daysAgo(rng: Rng, now: number, daysMin: number, daysMax: number): number {
  const day = Math.floor(now / DAY) - int(rng, daysMin, daysMax);
  const at = day * DAY + int(rng, 7 * 3600, 21 * 3600) * 1000;
  return at < now ? at : at - DAY; // "today" must still be in the past
}

/** A moment between `from` and `to` (clamped so it never runs backwards), to the second. */
export function between(rng: Rng, from: number, to: number): number {
  if (to <= from) return from;
  return from + Math.floor((rng() * (to - from)) / 1000) * 1000;
}
