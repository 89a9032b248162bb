// The survivorship rules as data (src/profile/survivorship.json, or SURVIVORSHIP_FILE): per attribute of the
// golden profile, the rules that rank the values its records hold. parseSurvivorship checks a document and
// lists every problem; the ranking itself is survivorship-rules.ts.
import { readFileSync } from 'node:fs';
import shippedDocument from './survivorship.json';

export const ATTRIBUTES = ['name', 'birthDate', 'emails', 'phones', 'addresses'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** Attributes with one golden value (and the values it beat); the others keep every value, ranked. */
export const SINGLE_VALUED: readonly Attribute[] = ['name', 'birthDate'];

export const RULES = ['source_priority', 'most_recent', 'most_frequent', 'most_complete'] as const;
export type RuleName = (typeof RULES)[number];

/** most_complete needs parts to count: only names and addresses have them (the other values are valid or absent). */
export const COMPLETENESS_ATTRIBUTES: readonly Attribute[] = ['name', 'addresses'];

export type Rule = { rule: 'source_priority'; sources: string[] } | { rule: Exclude<RuleName, 'source_priority'> };

export type Survivorship = Readonly<Record<Attribute, readonly Rule[]>>;

export class SurvivorshipError extends Error {
  constructor(readonly problems: string[]) {
    super(`survivorship rules are invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SurvivorshipError';
  }
}

/** Checks a survivorship document; a SurvivorshipError lists every problem. */
export function parseSurvivorship(raw: unknown): Survivorship {
  const problems: string[] = [];
  if (!isObject(raw)) throw new SurvivorshipError(['the file must hold a JSON object with "attributes"']);
  for (const key of Object.keys(raw)) if (key !== 'attributes' && key !== 'description') problems.push(`unknown key "${key}" (known: attributes, description)`);
  const attributes = raw.attributes;
  if (!isObject(attributes)) throw new SurvivorshipError([...problems, 'attributes must be an object with the rules of each attribute']);
  for (const name of Object.keys(attributes)) {
    if (!(ATTRIBUTES as readonly string[]).includes(name)) problems.push(`attributes.${name}: unknown attribute (known: ${ATTRIBUTES.join(', ')})`);
  }
  const result = {} as Record<Attribute, Rule[]>;
  for (const attribute of ATTRIBUTES) {
    const entry = attributes[attribute];
    if (entry === undefined) {
      problems.push(`attributes.${attribute} is missing (every attribute needs its rules)`);
      continue;
    }
    result[attribute] = attributeRules(attribute, entry, problems);
  }
  if (problems.length > 0) throw new SurvivorshipError(problems);
  return Object.freeze(result);
}

function attributeRules(attribute: Attribute, entry: unknown, problems: string[]): Rule[] {
  const at = `attributes.${attribute}`;
  if (!isObject(entry)) {
    problems.push(`${at} must be an object such as { "rules": ["most_recent"] }`);
    return [];
  }
  for (const key of Object.keys(entry)) if (key !== 'rules') problems.push(`${at}: unknown key "${key}" (known: rules)`);
  if (!Array.isArray(entry.rules) || entry.rules.length === 0) {
    problems.push(`${at}.rules must list at least one rule`);
    return [];
  }
  const rules: Rule[] = [];
  entry.rules.forEach((item: unknown, i: number) => {
    const rule = oneRule(attribute, item, `${at}.rules[${i}]`, problems);
    if (!rule) return;
    if (rules.some((r) => r.rule === rule.rule)) problems.push(`${at}.rules[${i}]: ${rule.rule} is listed twice`);
    rules.push(rule);
  });
  return rules;
}

function oneRule(attribute: Attribute, item: unknown, at: string, problems: string[]): Rule | undefined {
  const name = typeof item === 'string' ? item : isObject(item) ? item.rule : undefined;
  if (typeof name !== 'string' || !(RULES as readonly string[]).includes(name)) {
    problems.push(`${at}: unknown rule ${JSON.stringify(name ?? item)} (known: ${RULES.join(', ')}; source_priority as { "rule": "source_priority", "sources": [...] })`);
    return undefined;
  }
  if (isObject(item)) {
    for (const key of Object.keys(item)) {
      if (key !== 'rule' && !(key === 'sources' && name === 'source_priority')) problems.push(`${at}: unknown key "${key}" for ${name}`);
    }
  }
  if (name === 'most_complete' && !COMPLETENESS_ATTRIBUTES.includes(attribute)) {
    problems.push(`${at}: most_complete applies to ${COMPLETENESS_ATTRIBUTES.join(' and ')} only (every valid ${attribute === 'birthDate' ? 'birth date' : attribute.slice(0, -1)} is complete)`);
    return undefined;
  }
  if (name !== 'source_priority') return { rule: name as Exclude<RuleName, 'source_priority'> };
  const sources = isObject(item) ? item.sources : undefined;
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => typeof s === 'string' && s.trim() !== '')) {
    problems.push(`${at}: source_priority needs "sources", the source names best first (such as ["salesforce", "mailchimp", "zendesk"])`);
    return undefined;
  }
  const names = sources.map((s: string) => s.trim());
  const twice = names.filter((s, i) => names.indexOf(s) !== i);
  if (twice.length > 0) problems.push(`${at}: source_priority lists ${[...new Set(twice)].map((s) => `"${s}"`).join(', ')} twice`);
  return { rule: 'source_priority', sources: names };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rules shipped with Tessera (src/profile/survivorship.json). */
export const DEFAULT_SURVIVORSHIP: Survivorship = parseSurvivorship(shippedDocument);

/** The rules in `file` (JSON), or the shipped ones; a file that cannot be read or parsed is a SurvivorshipError too. */
export function loadSurvivorship(file?: string): Survivorship {
  if (!file) return DEFAULT_SURVIVORSHIP;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SurvivorshipError([`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SurvivorshipError([`is not JSON (${(error as Error).message})`]);
  }
  return parseSurvivorship(document);
}
