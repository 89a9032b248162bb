import { experienceScore, experienceScoreSql, SCORE_COMPONENTS, type ScoreTraits } from '../../../src/metrics/experience-score';

const NONE: ScoreTraits = {
  ticketCount: 0,
  openTickets: 0,
  reopenRate: null,
  firstContactResolutionRate: null,
  avgResolutionMinutes: null,
  avgHandoffs: null,
  openRate90d: null,
};

/** A customer whose tickets were all solved at once, quickly, by one agent, who reads every email. */
const PERFECT: ScoreTraits = {
  ticketCount: 3,
  openTickets: 0,
  reopenRate: 0,
  firstContactResolutionRate: 100,
  avgResolutionMinutes: 60,
  avgHandoffs: 0,
  openRate90d: 60,
};

const valueOf = (traits: ScoreTraits, name: string) => experienceScore(traits).components.find((c) => c.name === name)!.value;

describe('experienceScore', () => {
  it('weights add up to 1', () => {
    expect(SCORE_COMPONENTS.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 10);
  });

  it.each<[string, ScoreTraits, number | null]>([
    ['no behaviour at all: no score', NONE, null],
    ['everything perfect', PERFECT, 100],
    ['everything worst', { ticketCount: 4, openTickets: 3, reopenRate: 100, firstContactResolutionRate: 0, avgResolutionMinutes: 20000, avgHandoffs: 6, openRate90d: 0 }, 0],
    // only email engagement has evidence: the score is that component alone
    ['email only, 25% opens', { ...NONE, openRate90d: 25 }, 50],
    // the fixture's Bob: reopened, 3 handoffs, one day to resolve, one open ticket, opened everything
    ['mixed (fixture customer)', { ticketCount: 2, openTickets: 1, reopenRate: 100, firstContactResolutionRate: 0, avgResolutionMinutes: 1440, avgHandoffs: 3, openRate90d: 100 }, 35.4],
    // tickets but none solved yet: only the open-tickets component
    ['one unsolved ticket only', { ...NONE, ticketCount: 1, openTickets: 1 }, 50],
  ])('%s', (_, traits, expected) => {
    expect(experienceScore(traits).score).toBe(expected);
  });

  it.each<[string, Partial<ScoreTraits>, string, number | null]>([
    ['reopen rate 30 → 70', { reopenRate: 30 }, 'reopens', 70],
    ['2 handoffs of 4 → 50', { avgHandoffs: 2 }, 'handoffs', 50],
    ['handoffs beyond the maximum stay at 0', { avgHandoffs: 9 }, 'handoffs', 0],
    ['resolved within 4 hours → 100', { avgResolutionMinutes: 240 }, 'resolution_time', 100],
    ['resolved in a week or more → 0', { avgResolutionMinutes: 10080 }, 'resolution_time', 0],
    ['resolution halfway on the log scale → 50', { avgResolutionMinutes: 240 * Math.sqrt(42) }, 'resolution_time', 50],
    ['FCR is its own value', { firstContactResolutionRate: 42.5 }, 'first_contact_resolution', 42.5],
    ['two open tickets → 0', { ticketCount: 2, openTickets: 2 }, 'open_tickets', 0],
    ['no tickets: open tickets left out', { ticketCount: 0, openTickets: 0 }, 'open_tickets', null],
    ['open rate above 50 is capped at 100', { openRate90d: 80 }, 'email_engagement', 100],
  ])('component: %s', (_, traits, name, expected) => {
    expect(valueOf({ ...NONE, ...traits }, name)).toBe(expected);
  });

  it('points of the components with evidence add up to the score', () => {
    const traits: ScoreTraits = { ...NONE, ticketCount: 1, openTickets: 0, reopenRate: 0, avgHandoffs: 1, avgResolutionMinutes: 500 };
    const { score, components } = experienceScore(traits);
    const points = components.reduce((s, c) => s + (c.points ?? 0), 0);
    expect(points).toBeCloseTo(score!, 0);
    expect(components.filter((c) => c.value === null).map((c) => c.name)).toEqual(['first_contact_resolution', 'email_engagement']);
  });

  it('the SQL mirror names every component and reads only trait columns', () => {
    const sql = experienceScoreSql();
    for (const c of SCORE_COMPONENTS) {
      expect(sql.lateral).toContain(`AS c_${c.name}`);
      expect(sql.components).toContain(`'${c.name}'`);
    }
    expect(sql.lateral).not.toMatch(/\$\d/);
  });
});
