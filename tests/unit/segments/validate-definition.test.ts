import type { TraitSpec } from '../../../src/segments/definition';
import { validateDefinition } from '../../../src/segments/validate-definition';

const TRAITS: TraitSpec[] = [
  { name: 'csat', column: 'csat', type: 'number', classification: 'experience' },
  { name: 'ticketCount', column: 'ticket_count', type: 'integer', classification: 'behavioural' },
  { name: 'lastEngagedAt', column: 'last_engaged_at', type: 'timestamp', classification: 'behavioural' },
  { name: 'npsCategory', column: 'nps_category', type: 'text', classification: 'experience' },
  { name: 'vip', column: 'vip', type: 'boolean', classification: 'behavioural' },
];
const context = { traits: TRAITS, eventTypes: new Set(['order_placed']) };
const errorsOf = (definition: unknown) => {
  const result = validateDefinition(definition, context);
  return result.ok ? [] : result.errors;
};

describe('validateDefinition: accepted definitions', () => {
  it.each<[string, unknown]>([
    ['a trait comparison', { trait: { name: 'csat', op: 'gte', value: 80 } }],
    ['between', { trait: { name: 'csat', op: 'between', value: [20, 80] } }],
    ['in on integers', { trait: { name: 'ticketCount', op: 'in', value: [1, 2, 3] } }],
    ['notIn on text', { trait: { name: 'npsCategory', op: 'notIn', value: ['detractor'] } }],
    ['isNull', { trait: { name: 'csat', op: 'isNull' } }],
    ['a relative time', { trait: { name: 'lastEngagedAt', op: 'withinDays', value: 30 } }],
    ['an absolute time', { trait: { name: 'lastEngagedAt', op: 'gte', value: '2026-01-01T00:00:00Z' } }],
    ['a boolean', { trait: { name: 'vip', op: 'eq', value: true } }],
    ['has an email', { profile: { attribute: 'email', op: 'isNotNull' } }],
    ['countries', { profile: { attribute: 'country', op: 'in', value: ['GB', 'IE'] } }],
    ['a birth date range', { profile: { attribute: 'birthDate', op: 'between', value: ['1980-01-01', '1989-12-31'] } }],
    ['a birth year', { profile: { attribute: 'birthYear', op: 'lt', value: 1990 } }],
    ['a source system', { source: { system: 'crm' } }],
    ['a named source', { source: { name: 'shop' } }],
    ['consent', { consent: { channel: 'email' } }],
    ['no consent', { consent: { channel: 'SMS', granted: false } }],
    ['events in a window', { event: { type: 'email_opened', atLeast: 2, withinDays: 30 } }],
    ['at most', { event: { type: 'email_sent', atMost: 3, withinDays: 7 } }],
    ['a derived event', { event: { type: 'ticket_reopened', withinDays: 90 } }],
    ['a journey type of the data', { event: { type: 'order_placed', channel: 'store', source: 'shop', withinDays: 365 } }],
    ['a tree', { and: [{ consent: { channel: 'email' } }, { or: [{ trait: { name: 'csat', op: 'lt', value: 50 } }, { not: { source: { system: 'support' } } }] }] }],
  ])('%s', (_, definition) => {
    expect(errorsOf(definition)).toEqual([]);
  });

  it('returns the typed tree with paths, normalised values and defaults', () => {
    const result = validateDefinition(
      { and: [{ consent: { channel: 'Email' } }, { event: { type: 'email_opened', withinDays: 30 } }, { trait: { name: 'lastEngagedAt', op: 'lt', value: '2026-01-01' } }] },
      context,
    );
    expect(result).toEqual({
      ok: true,
      condition: {
        kind: 'and',
        path: 'and',
        children: [
          { kind: 'consent', path: 'and[0].consent', channel: 'email', granted: true },
          { kind: 'event', path: 'and[1].event', type: 'email_opened', channel: null, source: null, min: 1, max: null, withinDays: 30 },
          { kind: 'trait', path: 'and[2].trait', trait: TRAITS[2], test: { op: 'lt', value: '2026-01-01T00:00:00.000Z' } },
        ],
      },
    });
  });
});

describe('validateDefinition: refusals name the node', () => {
  it.each<[string, unknown, string]>([
    ['the example of the docs', { and: [{ consent: { channel: 'email' } }, { or: [{ trait: { name: 'csatt', op: 'gt', value: 1 } }] }] }, 'and[1].or[0].trait: unknown trait "csatt"; did you mean "csat"?'],
    ['not an object', 'everyone', 'definition: expected a condition object such as {"trait": {...}}, got "everyone"'],
    ['two kinds in one node', { trait: {}, event: {} }, 'definition: a condition has exactly one of and, or, not, trait, profile, source, consent, event; got "trait", "event"'],
    ['an unknown kind', { segment: 'x' }, 'definition: a condition has exactly one of and, or, not, trait, profile, source, consent, event; got "segment"'],
    ['an empty and', { and: [] }, 'and: expected a non-empty list of conditions, got []'],
    ['an unknown key', { trait: { name: 'csat', op: 'eq', value: 1, unit: '%' } }, 'trait: unknown key "unit" (expected name, op, value)'],
    ['an unknown operator', { trait: { name: 'csat', op: 'contains', value: 1 } }, 'trait: unknown operator "contains"'],
    ['an operator of another type', { trait: { name: 'npsCategory', op: 'gt', value: 'a' } }, 'trait: operator "gt" does not apply to trait npsCategory (text); use one of eq, ne, in, notIn, isNull, isNotNull'],
    ['a value of another type', { trait: { name: 'csat', op: 'gte', value: '80' } }, 'trait: operator "gte" expected a number, got "80"'],
    ['a fractional integer', { trait: { name: 'ticketCount', op: 'eq', value: 1.5 } }, 'trait: operator "eq" expected an integer, got 1.5'],
    ['a value for isNull', { trait: { name: 'csat', op: 'isNull', value: 1 } }, 'trait: operator "isNull" takes no value'],
    ['between upside down', { trait: { name: 'csat', op: 'between', value: [80, 20] } }, 'trait: operator "between": low bound 80 is above high bound 20'],
    ['between with one bound', { trait: { name: 'csat', op: 'between', value: [80] } }, 'trait: operator "between" needs [low, high], got [80]'],
    ['an empty list', { trait: { name: 'ticketCount', op: 'in', value: [] } }, 'trait: operator "in" needs a list of 1 to 1000 values, got []'],
    ['a bad list item', { not: { trait: { name: 'ticketCount', op: 'in', value: [1, 'two'] } } }, 'not.trait: operator "in" value [1]: expected an integer, got "two"'],
    ['a bad time', { trait: { name: 'lastEngagedAt', op: 'gt', value: 'yesterday' } }, 'trait: operator "gt" expected an ISO 8601 time such as 2026-01-31T00:00:00Z, got "yesterday"'],
    ['a time in year 0', { trait: { name: 'lastEngagedAt', op: 'gt', value: '0001-01-01T00:00:00+01:00' } }, 'trait: operator "gt" expected an ISO 8601 time such as 2026-01-31T00:00:00Z, got "0001-01-01T00:00:00+01:00"'],
    ['days out of range', { trait: { name: 'lastEngagedAt', op: 'withinDays', value: 0 } }, 'trait: operator "withinDays" needs a whole number of days from 1 to 3650, got 0'],
    ['an unknown attribute', { profile: { attribute: 'emial', op: 'isNotNull' } }, 'profile: unknown profile attribute "emial"; did you mean "email"?'],
    ['an impossible date', { profile: { attribute: 'birthDate', op: 'eq', value: '1990-02-30' } }, 'profile: operator "eq" expected a date YYYY-MM-DD, got "1990-02-30"'],
    ['ne on a multi-valued attribute', { profile: { attribute: 'country', op: 'ne', value: 'GB' } }, 'profile: operator "ne" does not apply to profile attribute country (text); use one of eq, in, isNull, isNotNull'],
    ['a source with both', { source: { system: 'crm', name: 'salesforce' } }, 'source: name exactly one of system (crm, support, marketing, other) or name (a source as imported)'],
    ['an unknown system', { source: { system: 'erp' } }, 'source: unknown system "erp" (systems: crm, support, marketing, other)'],
    ['a consent without channel', { consent: {} }, 'consent: channel must name a consent channel such as "email" or "sms", got nothing'],
    ['an unknown event type', { event: { type: 'email_open', withinDays: 30 } }, 'event: unknown event type "email_open"; did you mean "email_opened"?'],
    ['no window', { event: { type: 'email_opened', atLeast: 2 } }, 'event: withinDays must be a whole number of days from 1 to 3650, got nothing'],
    ['atMost below atLeast', { event: { type: 'email_opened', atLeast: 3, atMost: 1, withinDays: 30 } }, 'event: atMost (1) is below atLeast (3)'],
    ['atLeast 0 alone', { event: { type: 'email_opened', atLeast: 0, withinDays: 30 } }, 'event: atLeast 0 without atMost matches every customer'],
    ['a channel on a derived event', { event: { type: 'ticket_reopened', channel: 'email', withinDays: 30 } }, 'event: ticket_reopened is derived from ticket metrics and takes no channel'],
  ])('%s', (_, definition, expected) => {
    const errors = errorsOf(definition);
    expect(errors.some((e) => e.startsWith(expected))).toBe(true);
  });

  it('lists every problem, not only the first', () => {
    expect(errorsOf({ or: [{ trait: { name: 'x', op: 'eq', value: 1 } }, { consent: { channel: 5 } }, 7] })).toEqual([
      'or[0].trait: unknown trait "x"',
      'or[1].consent: channel must name a consent channel such as "email" or "sms", got 5',
      'or[2]: expected a condition object such as {"trait": {...}}, got 7',
    ]);
  });

  it('bounds depth and size', () => {
    let deep: unknown = { consent: { channel: 'email' } };
    for (let i = 0; i < 13; i++) deep = { not: deep };
    expect(errorsOf(deep)[0]).toMatch(/nested deeper than 12 levels/);
    const wide = { or: Array.from({ length: 201 }, () => ({ consent: { channel: 'email' } })) };
    expect(errorsOf(wide)).toEqual(['definition: 202 conditions, at most 200']);
  });
});
