import { CustomerSearchPhones1766200000000 } from '../../migrations/1766200000000-CustomerSearchPhones';
import { importCompany } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Customers resolved before 1766200000000 get their phones' E.164 and digit forms in the search text. */
describe('migration 1766200000000: phones searchable in every form', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
  });
  afterAll(async () => db.drop());

  it('fills in the forms for existing customers, and down takes them out again', async () => {
    const migration = new CustomerSearchPhones1766200000000();
    const runner = db.dataSource.createQueryRunner();
    const found = async (search: string) => (await db.services.customers.list({ first: 10, search: [search] })).map((c) => c.displayName);
    try {
      expect(await found('+14155550134')).toContain('Robert Smith'); // written by resolution (the golden name: the most complete)
      await migration.down(runner);
      expect(await found('+14155550134')).toEqual([]);
      expect(await found('(415) 555-0134')).toContain('Robert Smith');
      await migration.up(runner);
      expect(await found('+14155550134')).toContain('Robert Smith');
      expect(await found('4155550134')).toContain('Robert Smith');
    } finally {
      await runner.release();
    }
  });
});
