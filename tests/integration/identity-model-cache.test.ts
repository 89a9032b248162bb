import { ResolveRepository } from '../../src/identity/resolve.repository';
import { createServices } from '../../src/services';
import { importCompany } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * The stored model is read once per id and revision per process, not once per explanation: at 10^6 records its
 * JSON is 2.5 MB and each explainMatch spent 0.4–0.6 s reading and compiling it. The reads are counted with a
 * spy on the real repository method (the statements still run against PostgreSQL).
 */
describe('the model held for explanations and resolution', () => {
  let db: TestDatabase;
  let pair: [string, string];
  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    await db.services.resolver.resolve({ full: true });
    const [row] = await db.dataSource.query(
      `SELECT a.id::text AS a, b.id::text AS b FROM source_record a JOIN source_record b ON b.customer_id = a.customer_id AND b.id > a.id
       WHERE a.person IS NOT NULL AND b.person IS NOT NULL ORDER BY a.id LIMIT 1`,
    );
    pair = [row.a, row.b];
  });
  afterAll(async () => db.drop());
  afterEach(() => jest.restoreAllMocks());
  const priorOf = (e: { evidence: { attribute: string; weight: number }[] }) => e.evidence.find((x) => x.attribute === 'prior')!.weight;

  it('explanations read the model once, and again only when another one is saved or it is changed in place', async () => {
    // services of their own, as a new process: nothing held yet
    const { identity } = createServices(db.dataSource, { region: 'US' });
    const reads = jest.spyOn(ResolveRepository.prototype, 'latestModel');
    const first = await identity.explain(...pair);
    const second = await identity.explain(...pair);
    expect(second).toEqual(first);
    expect(reads).toHaveBeenCalledTimes(1);

    // a new model (a re-estimation elsewhere): read once more
    const repo = new ResolveRepository(db.dataSource);
    const [{ model }] = await db.dataSource.query('SELECT model FROM identity_model ORDER BY id DESC LIMIT 1');
    const id = await repo.saveModel({ ...model, prior: model.prior * 4 }, true, 1);
    const third = await identity.explain(...pair);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(priorOf(third)).toBeGreaterThan(priorOf(first) + 1.9);
    await identity.explain(...pair);
    expect(reads).toHaveBeenCalledTimes(2);

    // the same model changed in place (as an erasure does): its revision moves, and it is read again
    await db.dataSource.query('UPDATE identity_model SET model = jsonb_set(model, $2, $3), revision = revision + 1 WHERE id = $1', [
      id,
      '{prior}',
      JSON.stringify(model.prior),
    ]);
    const fourth = await identity.explain(...pair);
    expect(reads).toHaveBeenCalledTimes(3);
    expect(priorOf(fourth)).toBeCloseTo(priorOf(first), 9);
  });

  it('resolution and explanation share the model one process holds', async () => {
    const other = createServices(db.dataSource, { region: 'US' });
    const reads = jest.spyOn(ResolveRepository.prototype, 'latestModel');
    expect(await other.resolver.resolve()).toMatchObject({ mode: 'incremental' });
    expect(reads).toHaveBeenCalledTimes(1);
    const held = await other.resolver.latestModel();
    await other.identity.explain(...pair);
    await other.resolver.resolve();
    expect(await other.resolver.latestModel()).toBe(held);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('explanations asked for at once share one read of the model', async () => {
    const { identity } = createServices(db.dataSource, { region: 'US' });
    const reads = jest.spyOn(ResolveRepository.prototype, 'latestModel');
    const explained = await Promise.all([1, 2, 3, 4].map(() => identity.explain(...pair)));
    expect(reads).toHaveBeenCalledTimes(1);
    explained.forEach((e) => expect(e).toEqual(explained[0]));
  });

  it('warmUp reads the model ahead, so the first explanation reads nothing', async () => {
    const other = createServices(db.dataSource, { region: 'US' });
    await other.resolver.warmUp();
    const reads = jest.spyOn(ResolveRepository.prototype, 'latestModel');
    await other.identity.explain(...pair);
    expect(reads).not.toHaveBeenCalled();
  });
});
