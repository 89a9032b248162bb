// What the rule that decided a pair says, in plain words (explainMatch's `ruleMeaning`, links' too): the rule
// names stay the engine's, with their thresholds and record ids.

const EXACT: Readonly<Record<string, string>> = {
  exact_identifier: 'the same customer number (or other identifier): the same person unless a first name or birth date clearly disagrees',
  exact_email: 'the same email address: the same person unless a first name or birth date clearly disagrees',
  exact_phone: 'the same phone number: the same person unless a first name or birth date clearly disagrees',
  match_threshold: 'the score is high enough to join the records on its own',
  review_band_confirmed: 'a borderline score, joined because every other pair across the two customers agrees too',
  review_band: 'a borderline score: left apart and waiting in the review queue for a person to decide',
  manual_link: 'a person decided these records are the same customer',
  manual_split: 'a person decided these records are different people',
};

export function ruleMeaning(rule: string): string {
  const exact = EXACT[rule];
  if (exact) return exact;
  const [head = '', ...rest] = rule.split(' ');
  const detail = rest.join(' ');
  if (head === 'match_threshold') return `the score reaches the match threshold (${detail}): joined on its own`;
  if (head === 'review_band') return `a borderline score (between ${detail.replace('–', ' and ')}): left for a person to decide in the review queue`;
  if (head === 'below_review_threshold') return `the score is below the review threshold (${detail}): different people, not even worth a review`;
  if (rule.startsWith('manual_link blocked by manual_split')) return 'a person linked these records, but an earlier decision that other records are different people keeps the customers apart';
  if (rule === 'manual_link not applied yet') return 'a person linked these records; the next resolution joins them';
  if (head === 'conflict') return `not joined: the records (or others in the two customers) contradict each other (${detail})`;
  if (rule.startsWith('one record per source')) return `not joined: a customer may hold only one record of this source (${rule.slice('one record per source: '.length)})`;
  if (rule.startsWith('weak cross-pair evidence')) return 'not joined: the other records of the two customers have too little in common';
  if (head === 'size') return `not joined: the customer would be larger than the size cap (${rule.slice('size cap '.length)} records)`;
  return rule;
}
