import { ALL_ROWS, createCustomerLoaders } from '../../src/profile/customer.loaders';
import { ProfileBatcher } from '../../src/profile/profile-batcher';
import { customersOf, importCompany } from '../setup/company-fixture';
import { startTestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const PLAN = { withBundle: true, activityLimit: 10, journey: { first: 5 } };

/** Concurrent requests share profile statements, and each still gets only what its own row checks allow. */
describe('profile reads batched across requests', () => {
  let db: TestDatabase;
  let customer: Record<'bob' | 'ana', string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    customer = await customersOf(db.dataSource, { bob: ['salesforce', '003A'], ana: ['salesforce', '003B'] });
  });
  afterAll(() => db.drop());

  it('reads the profiles of three callers in one statement and applies each caller’s row access', async () => {
    const batcher = new ProfileBatcher(db.services.customers);
    const loaders = (access = ALL_ROWS) => createCustomerLoaders(db.services.customers, db.services.journey, access, batcher);
    const admin = loaders();
    const marketing = loaders({ ownCustomerId: null, consentChannel: 'email' });
    const bobHimself = loaders({ ownCustomerId: customer.bob, consentChannel: null });

    db.queries.reset();
    const [adminAna, marketingAna, marketingBob, bobsAna, bobsBob] = await Promise.all([
      admin.profile(PLAN).load(customer.ana),
      marketing.profile(PLAN).load(customer.ana),
      marketing.profile(PLAN).load(customer.bob),
      bobHimself.profile(PLAN).load(customer.ana),
      bobHimself.profile(PLAN).load(customer.bob),
    ]);
    expect(db.queries.reset()).toBe(1);

    expect(adminAna?.id).toBe(customer.ana);
    // ana gave no email consent (the fixture), bob did; a customer sees only themself
    expect(marketingAna).toBeNull();
    expect(marketingBob?.id).toBe(customer.bob);
    expect(bobsAna).toBeNull();
    expect(bobsBob?.id).toBe(customer.bob);
    // the access log names only what each caller read
    expect([...admin.touched]).toEqual([customer.ana]);
    expect([...marketing.touched]).toEqual([customer.bob]);
    expect([...bobHimself.touched]).toEqual([customer.bob]);
  });

  it('answers concurrent HTTP requests of different roles each with their own customer', async () => {
    const app = await startTestApp(db, { audit: false });
    try {
      const query = `query($id: ID!) { customer(id: $id) { id displayName journey(first: 5) { edges { node { type } } } } }`;
      const runs = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const id = i % 2 === 0 ? customer.bob : customer.ana;
          const token = i % 3 === 0 ? app.token('marketing') : app.token('support_agent');
          return app.graphql(query, { id }, token).then((r) => ({ i, id, token: i % 3 === 0 ? 'marketing' : 'support', r }));
        }),
      );
      for (const { id, token, r } of runs) {
        expect(r.errors).toBeUndefined();
        const hidden = token === 'marketing' && id === customer.ana;
        expect(r.data!.customer?.id ?? null).toBe(hidden ? null : id);
      }
    } finally {
      await app.close();
    }
  });
});
