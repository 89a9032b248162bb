import type { DataSource } from 'typeorm';
import { person } from '../unit/identity/engine/fixtures';
import { populationInputs } from '../unit/identity/engine/population';

/** The engine tests' seeded population as contact records with person attributes, external ids `prefix-0` onwards. */
export async function insertPersonPopulation(dataSource: DataSource, people: number, seed: number, prefix: string): Promise<void> {
  const records = populationInputs(people, seed).map((r, n) => ({ source: r.source, person: person(r.input), n }));
  await dataSource.query(
    `INSERT INTO source_record (source, entity, external_id, person, content_hash, payload, data)
     SELECT x.source, 'contact', $2 || '-' || x.n, x.person, md5(x.person::text || x.n), '{}', '{}'
     FROM jsonb_to_recordset($1::jsonb) AS x(source text, person jsonb, n bigint)`,
    [JSON.stringify(records), prefix],
  );
}
