import { decodeMatchRecord, type MatchRecord } from '../identity/engine/match-record';
import { termFrequencies } from '../identity/engine/term-frequencies';
import { keyVersionOf, type ResolveService } from '../identity/resolve.service';
import type { PersonAttributes } from '../sources/record';

/** An erased person record: its content, and its stored normalisation when that was made from other content. */
export interface ErasedPerson {
  id: string;
  source: string;
  person: PersonAttributes;
  /** identity_record.match_record of an older content (the last resolution saw that one), with its key version */
  earlierMatchRecord: string | null;
  earlierKeyVersion: number | null;
}

/** The values of the erased records the model's term-frequency tables count: parallel arrays, for unnest. */
export interface ModelValues {
  tables: string[];
  values: string[];
  /** how many of the erased records carry the value */
  records: number[];
}

/**
 * What the stored models' term-frequency tables (first and last name, birth date, city, postcode; counted
 * per live person record by termFrequencies when a model is estimated) hold of these records, read as
 * the engine reads them. A record whose content changed since its last resolution counts its earlier
 * normalisation too: the model may have been estimated from that one. Each record counts once per value.
 */
export function modelValuesOf(persons: ErasedPerson[], matching: Pick<ResolveService, 'toMatchRecord' | 'settings'>): ModelValues {
  const keyVersion = keyVersionOf(matching.settings);
  const counts = new Map<string, number>();
  for (const p of persons) {
    const forms: MatchRecord[] = [matching.toMatchRecord(p)];
    if (p.earlierMatchRecord && p.earlierKeyVersion === keyVersion) forms.push(decodeMatchRecord(p.id, p.source, p.earlierMatchRecord));
    const seen = new Set<string>();
    for (const form of forms) {
      for (const [table, t] of Object.entries(termFrequencies([form]))) {
        for (const value of Object.keys(t.counts)) seen.add(`${table}\u0000${value}`);
      }
    }
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: ModelValues = { tables: [], values: [], records: [] };
  for (const [key, n] of counts) {
    const [table, value] = key.split('\u0000') as [string, string];
    out.tables.push(table);
    out.values.push(value);
    out.records.push(n);
  }
  return out;
}
