import { TRAIT_CATALOG } from '../metrics/trait-catalog';

export interface TraitValue {
  name: string;
  value: unknown;
  description: string;
}

export interface SubjectTraits {
  /** When the traits were computed; windows (30/90 days, recency) count back from it. */
  computedAt: unknown;
  values: TraitValue[];
  /** Maps that are no segment condition, so not in the catalog. */
  channelMix: unknown;
  listStatuses: unknown;
  experienceScoreComponents: unknown;
  /** What segment conditions test of the records (customer_attributes). */
  segmentAttributes: Record<string, unknown> | null;
}

/**
 * A customer_metrics row as the data subject reads it: every catalog trait by its API name with its
 * definition (numeric columns come from pg as text and are numbers here), plus the maps.
 */
export function subjectTraits(row: Record<string, unknown> | null, segmentAttributes: Record<string, unknown> | null): SubjectTraits | null {
  if (!row) return null;
  const values = TRAIT_CATALOG.filter((t) => t.column !== 'as_of').map((t) => {
    const raw = row[t.column];
    const value = t.type === 'number' && raw !== null && raw !== undefined ? Number(raw) : (raw ?? null);
    return { name: t.name, value, description: t.description };
  });
  return {
    computedAt: row.as_of,
    values,
    channelMix: row.channel_mix ?? {},
    listStatuses: row.list_statuses ?? {},
    experienceScoreComponents: row.experience_components ?? [],
    segmentAttributes,
  };
}
