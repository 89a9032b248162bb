// Generates a population and prints speed, peak memory and the corruption rates it produced.
//   node dist/bench/identity/population/measure.js [records=1000000] [hard|easy] [seed=1]
import { Corruption, Difficulty, generatePopulation } from './generate';

export interface PopulationStats {
  records: number;
  people: number;
  bySource: Record<string, number>;
  /** Share of all records carrying each corruption tag. */
  tags: Partial<Record<Corruption, number>>;
  /** Rates measured over the records where they apply (see RATES in corrupt.ts). */
  rates: Record<string, number>;
}

export function populationStats(records: Iterable<{ source: string; truth: string; corruptions: readonly Corruption[]; person: { birthDate?: string; emails: string[]; phones: string[]; addresses: unknown[]; identifiers: unknown[] } }>): PopulationStats {
  let n = 0;
  let people = 0;
  let lastTruth = '';
  const bySource: Record<string, number> = {};
  const tags = new Map<Corruption, number>();
  let full = 0;
  let marketing = 0;
  let bothNames = 0;
  let withDate = 0;
  let withAddress = 0;
  let withPersonalEmail = 0;
  let crmSupport = 0;
  let withIdentifier = 0;
  for (const r of records) {
    n++;
    if (r.truth !== lastTruth) people++; // records of one person are consecutive
    lastTruth = r.truth;
    bySource[r.source] = (bySource[r.source] ?? 0) + 1;
    for (const tag of r.corruptions) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    const has = (t: Corruption) => r.corruptions.includes(t);
    const isFull = !has('email-only') && !has('birth-year-only');
    if (isFull) full++;
    if (r.source === 'marketing') marketing++;
    if (!has('email-only')) bothNames++;
    if (r.person.birthDate && !has('birth-year-only')) withDate++;
    if (r.person.addresses.length > 0) withAddress++;
    if (r.person.emails.length > 0 && !has('shared-email') && !has('placeholder-email')) withPersonalEmail++;
    if (isFull && (r.source === 'crm' || r.source === 'support')) crmSupport++;
    if (r.person.identifiers.length > 0) withIdentifier++;
  }
  const count = (t: Corruption) => tags.get(t) ?? 0;
  const share = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    records: n,
    people,
    bySource,
    tags: Object.fromEntries([...tags].map(([t, c]) => [t, share(c, n)])),
    rates: {
      typo: share(count('typo'), n),
      nickname: share(count('nickname'), n),
      swappedNames: share(count('swapped-names'), bothNames),
      birthDateMissing: share(count('birth-date-missing'), full),
      transposedDate: share(count('transposed-date'), withDate),
      placeholderBirthday: share(count('placeholder-birthday'), withDate),
      moved: share(count('moved'), withAddress),
      newEmail: share(count('new-email'), withPersonalEmail),
      emailCase: share(count('email-case'), n),
      emailWhitespace: share(count('email-whitespace'), n),
      phoneMissing: share(count('phone-missing'), full),
      emailOnlyOfMarketing: share(count('email-only'), marketing),
      nameAndYearOnly: share(count('birth-year-only'), n),
      placeholderEmail: share(count('placeholder-email'), full),
      placeholderPhone: share(count('placeholder-phone'), full),
      customerNumberOfCrmSupport: share(withIdentifier, crmSupport),
      identifierTypo: share(count('identifier-typo'), withIdentifier),
    },
  };
}

function main(): void {
  const records = Number(process.argv[2] ?? 1_000_000);
  const difficulty = (process.argv[3] ?? 'hard') as Difficulty;
  const seed = Number(process.argv[4] ?? 1);
  const started = performance.now();
  const stats = populationStats(generatePopulation({ records, seed, difficulty }));
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log(`${stats.records} records (${difficulty}, seed ${seed}) of ${stats.people} people in ${seconds.toFixed(1)} s ` +
    `(${Math.round(stats.records / seconds)} records/s), peak RSS ${peakMiB.toFixed(0)} MiB`);
  console.log('by source:', stats.bySource);
  for (const [name, value] of Object.entries(stats.rates)) console.log(`  ${name.padEnd(28)} ${pct(value)}`);
  console.log('all tags (share of records):', Object.fromEntries(Object.entries(stats.tags).map(([t, v]) => [t, pct(v ?? 0)])));
}

if (require.main === module) main();
