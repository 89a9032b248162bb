/**
 * The experience score: 0–100 from behaviour alone (no survey answer), as a weighted mean of components
 * that each turn one trait into 0–100. A component without evidence (no solved ticket, no email sent) is
 * left out and the weights of the others are renormalised; with no evidence at all the score is null.
 * Satisfaction ratings are deliberately not a component: they are what a customer said (support_content),
 * and the score must stay readable by roles that may not see them.
 *
 * Each component has a pure formula and the same formula as SQL: the recompute statement stores the
 * score, and tests check both agree. docs/metrics.md explains the formula.
 */

/** The traits the score reads, as stored (numbers, null when unknown). */
export interface ScoreTraits {
  ticketCount: number;
  openTickets: number;
  reopenRate: number | null;
  firstContactResolutionRate: number | null;
  avgResolutionMinutes: number | null;
  avgHandoffs: number | null;
  openRate90d: number | null;
}

export interface ScoreComponent {
  name: string;
  /** Share of the score when every component has evidence; the weights add up to 1. */
  weight: number;
  /** The trait value the component read (null: no evidence, the component is left out). */
  input: number | null;
  /** 0–100, rounded to 0.1; null when left out. */
  value: number | null;
  /** Points it adds to the score: value × weight ÷ (sum of the weights of components with evidence). */
  points: number | null;
}

export interface ExperienceScore {
  score: number | null;
  components: ScoreComponent[];
}

interface ComponentDefinition {
  name: string;
  weight: number;
  description: string;
  input(t: ScoreTraits): number | null;
  /** The same, as SQL over the traits row `t` (column names of customer_metrics). */
  inputSql: string;
  value(x: number): number;
  /** The same, as SQL over the input expression `x`. */
  valueSql(x: string): string;
}

/** Resolution time: 100 up to FAST minutes, 0 from SLOW minutes, logarithmic between. */
export const FAST_RESOLUTION_MINUTES = 240;
export const SLOW_RESOLUTION_MINUTES = 10080;
/** Average handoffs at which the handoffs component reaches 0. */
export const MAX_HANDOFFS = 4;

const clamp = (x: number) => Math.min(100, Math.max(0, x));
const clampSql = (x: string) => `greatest(0, least(100, ${x}))`;

export const SCORE_COMPONENTS: readonly ComponentDefinition[] = [
  {
    name: 'reopens',
    weight: 0.2,
    description: '100 − reopen rate',
    input: (t) => t.reopenRate,
    inputSql: 't.reopen_rate',
    value: (x) => clamp(100 - x),
    valueSql: (x) => clampSql(`100 - ${x}`),
  },
  {
    name: 'handoffs',
    weight: 0.2,
    description: `100 × (1 − average handoffs ÷ ${MAX_HANDOFFS})`,
    input: (t) => t.avgHandoffs,
    inputSql: 't.avg_handoffs',
    value: (x) => clamp(100 * (1 - x / MAX_HANDOFFS)),
    valueSql: (x) => clampSql(`100 * (1 - ${x} / ${MAX_HANDOFFS}.0)`),
  },
  {
    name: 'resolution_time',
    weight: 0.2,
    description: `100 up to ${FAST_RESOLUTION_MINUTES} minutes, 0 from ${SLOW_RESOLUTION_MINUTES}, logarithmic between`,
    input: (t) => t.avgResolutionMinutes,
    inputSql: 't.avg_resolution_minutes',
    value: (x) =>
      x <= FAST_RESOLUTION_MINUTES ? 100 : clamp(100 * (1 - Math.log(x / FAST_RESOLUTION_MINUTES) / Math.log(SLOW_RESOLUTION_MINUTES / FAST_RESOLUTION_MINUTES))),
    valueSql: (x) =>
      `CASE WHEN ${x} <= ${FAST_RESOLUTION_MINUTES} THEN 100 ELSE ${clampSql(
        `100 * (1 - ln(${x} / ${FAST_RESOLUTION_MINUTES}.0) / ln(${SLOW_RESOLUTION_MINUTES}.0 / ${FAST_RESOLUTION_MINUTES}))`,
      )} END`,
  },
  {
    name: 'first_contact_resolution',
    weight: 0.15,
    description: 'first-contact resolution rate',
    input: (t) => t.firstContactResolutionRate,
    inputSql: 't.first_contact_resolution_rate',
    value: (x) => clamp(x),
    valueSql: (x) => clampSql(x),
  },
  {
    name: 'open_tickets',
    weight: 0.1,
    description: '100 − 50 per unsolved ticket (customers with tickets only)',
    input: (t) => (t.ticketCount > 0 ? t.openTickets : null),
    inputSql: 'CASE WHEN t.ticket_count > 0 THEN t.open_tickets END',
    value: (x) => clamp(100 - 50 * x),
    valueSql: (x) => clampSql(`100 - 50 * ${x}`),
  },
  {
    name: 'email_engagement',
    weight: 0.15,
    description: '2 × 90-day open rate, at most 100 (customers sent email in 90 days only)',
    input: (t) => t.openRate90d,
    inputSql: 't.open_rate_90d',
    value: (x) => clamp(2 * x),
    valueSql: (x) => clampSql(`2 * ${x}`),
  },
];

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The score and its components from a customer's traits. */
export function experienceScore(traits: ScoreTraits): ExperienceScore {
  const raw = SCORE_COMPONENTS.map((c) => {
    const input = c.input(traits);
    return { name: c.name, weight: c.weight, input, value: input === null ? null : c.value(input) };
  });
  const weights = raw.reduce((sum, c) => sum + (c.value === null ? 0 : c.weight), 0);
  const components = raw.map((c) => ({
    ...c,
    value: c.value === null ? null : round1(c.value),
    points: c.value === null ? null : round1((c.value * c.weight) / weights),
  }));
  if (weights === 0) return { score: null, components };
  const total = raw.reduce((sum, c) => sum + (c.value === null ? 0 : c.value * c.weight), 0);
  return { score: round1(total / weights), components };
}

/**
 * SQL over a traits row `t`: a LATERAL subquery `v` with one column per component value, then the score
 * and the components jsonb built from it, mirroring experienceScore().
 */
export function experienceScoreSql(): { lateral: string; score: string; components: string } {
  const col = (name: string) => `v.c_${name}`;
  const values = SCORE_COMPONENTS.map((c) => {
    const x = `(${c.inputSql})`;
    return `CASE WHEN ${x} IS NOT NULL THEN ${c.valueSql(x)} END AS c_${c.name}`;
  });
  const weights = `nullif(${SCORE_COMPONENTS.map((c) => `CASE WHEN ${col(c.name)} IS NOT NULL THEN ${c.weight} ELSE 0 END`).join(' + ')}, 0)`;
  const total = SCORE_COMPONENTS.map((c) => `coalesce(${col(c.name)} * ${c.weight}, 0)`).join(' + ');
  const components = SCORE_COMPONENTS.map(
    (c) =>
      `jsonb_build_object('name', '${c.name}', 'weight', ${c.weight}, 'input', ${c.inputSql}, 'value', round(${col(c.name)}, 1), ` +
      `'points', round(${col(c.name)} * ${c.weight} / ${weights}, 1))`,
  );
  return {
    lateral: `CROSS JOIN LATERAL (SELECT ${values.join(', ')}) v`,
    score: `round((${total}) / ${weights}, 1)`,
    components: `jsonb_build_array(${components.join(', ')})`,
  };
}
