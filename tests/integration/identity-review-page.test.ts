import { IdentityRepository } from '../../src/identity/identity.repository';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** The page size is written into the review-queue statement (a known LIMIT for the pool's generic plans), so only whole positive numbers get there. */
describe('review page size', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p before any SQL', async (limit) => {
    const repo = new IdentityRepository(db.dataSource);
    db.queries.reset();
    await expect(repo.reviewPage(limit)).rejects.toThrow(/positive whole number/);
    expect(db.queries.reset()).toBe(0);
  });

  it('reads a page of a known size, with or without a cursor', async () => {
    const repo = new IdentityRepository(db.dataSource);
    await expect(repo.reviewPage(51)).resolves.toEqual([]);
    await expect(repo.reviewPage(51, { impact: 3, a: '1', b: '2' })).resolves.toEqual([]);
  });
});
