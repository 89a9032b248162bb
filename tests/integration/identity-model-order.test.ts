import { defaultModel } from '../../src/identity/engine/model';
import { ResolveRepository } from '../../src/identity/resolve.repository';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Model ids are bigints read back as text: "the latest" must be ordered by the number (10 after 9), not the text. */
describe('the latest identity model', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('is the one saved last, also once ids reach another digit', async () => {
    const repo = new ResolveRepository(db.dataSource);
    const ids: string[] = [];
    for (let i = 1; i <= 11; i++) {
      ids.push(await repo.saveModel(defaultModel(), true, 1000 * i));
      const latest = await repo.latestModel();
      expect({ id: latest?.id, recordCount: latest?.recordCount }).toEqual({ id: ids.at(-1), recordCount: 1000 * i });
      expect((await repo.status()).model).toEqual({ id: ids.at(-1), revision: 0 });
      expect(await repo.latestModelStamp()).toEqual({ id: ids.at(-1), revision: 0 });
    }
    expect(ids.some((id) => id.length > ids[0]!.length)).toBe(true);
  });
});
