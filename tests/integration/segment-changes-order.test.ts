import { randomUUID } from 'node:crypto';
import { SegmentRepository } from '../../src/segments/segment.repository';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Change ids are bigints read back as text: pages must follow the number (10 after 9), not the text. */
describe('paging a segment change log', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('delivers every change once, in order, when a refresh logs more than a page at one instant', async () => {
    const segmentId = randomUUID();
    await db.dataSource.query(
      `INSERT INTO segment (id, name, definition, purpose, created_by) VALUES ($1, 'paging', '{}', 'marketing', 'test')`,
      [segmentId],
    );
    // one refresh: 155 entries with the same time, ids crossing 9→10 and 99→100
    const at = '2026-11-01T10:00:00Z';
    await db.dataSource.query(
      `INSERT INTO segment_change (segment_id, customer_id, change, at) SELECT $1, gen_random_uuid(), 'entered', $2 FROM generate_series(1, 155)`,
      [segmentId, at],
    );
    const repo = new SegmentRepository(db.dataSource);
    const seen: string[] = [];
    let after: [string, string] | null = null;
    for (let page = 0; page < 40; page++) {
      const rows = await repo.changes(segmentId, new Date('2026-11-01T00:00:00Z'), 7, after);
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.id));
      const last = rows.at(-1)!;
      after = [last.exactAt, last.id];
    }
    const ids: { id: string }[] = await db.dataSource.query('SELECT id::text FROM segment_change ORDER BY segment_change.id');
    expect(ids.length).toBe(155);
    expect(seen).toEqual(ids.map((r) => r.id));
  });
});
