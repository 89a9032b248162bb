// Big Mailchimp and Zendesk export documents, written as the APIs return them ({"members": [...]},
// {"tickets": [...]}) and streamed to disk, for bench/import-json.ts and the large-document test.
// Records are made from their index only: the same count and layout give the same bytes.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** compact: the whole document on one line, as an API response; lines: one record per line; pretty: JSON.stringify(…, 2). */
export type DocumentLayout = 'compact' | 'lines' | 'pretty';

const FIRST = ['Ana', 'Zoë', 'Jürgen', 'Siobhán', 'Li', 'Marta', 'Noah', 'Ingrid', 'José', 'Aiko', 'Олег', '李'];
const LAST = ['García', 'Müller', 'O’Brien', 'Nakamura', 'Smith', 'Kowalski', 'Dubois', 'Rossi', 'Petrov', '王'];
const CITIES = [['Madrid', 'ES'], ['Berlin', 'DE'], ['Dublin', 'IE'], ['Osaka', 'JP'], ['Leeds', 'GB'], ['Lyon', 'FR']];
const STATUSES = ['subscribed', 'subscribed', 'subscribed', 'unsubscribed', 'cleaned', 'pending'];

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length];
}

function iso(base: number, i: number): string {
  return new Date(base + (i % 100_000) * 61_000).toISOString().replace('.000Z', '+00:00');
}

/** One list member as GET /lists/{id}/members returns it (the fields Mailchimp sends, trimmed a little). */
export function member(i: number): Record<string, unknown> {
  const first = pick(FIRST, i);
  const last = pick(LAST, Math.floor(i / FIRST.length));
  const email = `member${i}@example.com`;
  const [city, country] = pick(CITIES, i);
  return {
    id: createHash('md5').update(email).digest('hex'),
    email_address: email,
    unique_email_id: `u${i.toString(36)}`,
    email_type: 'html',
    status: pick(STATUSES, i),
    merge_fields: {
      FNAME: first,
      LNAME: last,
      PHONE: i % 3 === 0 ? `+34 6${String(10_000_000 + i).slice(-8)}` : '',
      ADDRESS: i % 4 === 0 ? '' : { addr1: `${i % 200} Calle Mayor`, addr2: '', city, state: '', zip: String(28000 + (i % 999)), country },
      BIRTHDAY: `${String((i % 12) + 1).padStart(2, '0')}/${String((i % 28) + 1).padStart(2, '0')}`,
    },
    stats: { avg_open_rate: (i % 100) / 100, avg_click_rate: (i % 37) / 100 },
    ip_signup: '',
    timestamp_signup: '',
    ip_opt: '198.51.100.7',
    timestamp_opt: iso(Date.UTC(2022, 0, 1), i),
    member_rating: (i % 5) + 1,
    last_changed: iso(Date.UTC(2024, 0, 1), i),
    language: 'en',
    vip: i % 50 === 0,
    location: { latitude: 40.4 + (i % 10) / 10, longitude: -3.7, gmtoff: 1, dstoff: 2, country_code: country, timezone: 'Europe/Madrid' },
    marketing_permissions: [
      { marketing_permission_id: 'mp1', text: 'Email', enabled: i % 2 === 0 },
      { marketing_permission_id: 'mp2', text: 'Direct mail', enabled: false },
    ],
    source: 'API - Generic',
    tags_count: i % 3,
    tags: i % 3 === 0 ? [] : [{ id: 101, name: 'vip' }, { id: 102, name: 'spring-2024' }].slice(0, i % 3),
    list_id: 'L1',
    _links: [{ rel: 'self', href: `https://us1.api.mailchimp.com/3.0/lists/L1/members/${i}`, method: 'GET' }],
  };
}

/** One ticket as GET /api/v2/tickets returns it. */
export function ticket(i: number): Record<string, unknown> {
  const solved = i % 3 !== 0;
  return {
    url: `https://example.zendesk.com/api/v2/tickets/${i + 1}.json`,
    id: i + 1,
    external_id: null,
    via: { channel: pick(['email', 'web', 'chat', 'voice'], i), source: { from: {}, to: {}, rel: null } },
    created_at: iso(Date.UTC(2024, 0, 1), i),
    updated_at: iso(Date.UTC(2024, 2, 1), i),
    type: 'question',
    subject: `Order ${100_000 + i}: “delivery” question`,
    description: `Hello,\nmy order ${100_000 + i} has not arrived. Can you help?\n— ${pick(FIRST, i)}`,
    priority: pick(['low', 'normal', 'high'], i),
    status: solved ? 'solved' : 'open',
    requester_id: 9000 + (i % 50_000),
    submitter_id: 9000 + (i % 50_000),
    assignee_id: 400 + (i % 7),
    organization_id: null,
    group_id: 360001,
    tags: ['delivery', i % 2 === 0 ? 'vip' : 'standard'],
    custom_fields: [{ id: 27642, value: String(100_000 + i) }, { id: 27648, value: null }],
    satisfaction_rating: solved ? { score: i % 5 === 0 ? 'bad' : 'good', comment: i % 5 === 0 ? 'Too slow' : '' } : { score: 'offered' },
    solved_at: solved ? iso(Date.UTC(2024, 1, 1), i) : null,
  };
}

export interface WriteResult {
  records: number;
  bytes: number;
}

/**
 * Writes `{"<key>": [record(0), …, record(count - 1)], <trailer>}` to path in the given layout, with
 * backpressure, so a document of any size is written in a few MB.
 */
export async function writeDocument(
  path: string,
  key: string,
  count: number,
  record: (i: number) => unknown,
  layout: DocumentLayout = 'compact',
  trailer: Record<string, unknown> = {},
): Promise<WriteResult> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.on('error', reject));
  const indent = layout === 'pretty' ? 2 : undefined;
  const separator = layout === 'compact' ? ',' : ',\n';
  const open = layout === 'compact' ? `{${JSON.stringify(key)}:[` : `{\n${JSON.stringify(key)}: [\n`;
  let buffer = open;
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) await Promise.race([once(out, 'drain'), failed]);
    buffer = '';
  };
  for (let i = 0; i < count; i += 1) {
    const text = JSON.stringify(record(i), null, indent);
    buffer += (i > 0 ? separator : '') + (layout === 'pretty' ? text.replace(/^/gm, '  ') : text);
    if (buffer.length >= 256 * 1024) await flush();
  }
  const rest = Object.entries(trailer).map(([name, value]) => `,${JSON.stringify(name)}:${JSON.stringify(value)}`).join('');
  buffer += layout === 'compact' ? `]${rest}}` : `\n]${rest}\n}\n`;
  await flush();
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return { records: count, bytes };
}
