import path from 'node:path';
import { MetricsRecomputeCurrencyCase1766700000100 } from '../../migrations/1766700000100-MetricsRecomputeCurrencyCase';
import { toCustomerMetrics, type CustomerMetrics } from '../../src/metrics/customer-metrics';
import { customersOf } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const AS_OF = new Date('2024-05-15T00:00:00Z');
const DIR = path.join(__dirname, '..', 'fixtures', 'metrics', 'currency-case');

/** valueCurrency names one currency however the sources write its code ('usd', 'USD', ' eur '). */
describe('customer metrics: currency codes', () => {
  let db: TestDatabase;
  let customer: Record<'lea' | 'max' | 'nia' | 'ole', string>;

  const metricsOf = async (id: string): Promise<CustomerMetrics> => {
    const [row] = await db.dataSource.query('SELECT to_json(m) AS m FROM customer_metrics m WHERE customer_id = $1', [id]);
    return toCustomerMetrics(id, row.m);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.services.importer.run({ source: 'salesforce', format: 'salesforce-csv', location: path.join(DIR, 'salesforce') });
    await db.services.importer.run({ source: 'shop', format: 'ndjson', location: path.join(DIR, 'shop') });
    await db.services.resolver.resolve();
    await db.services.metrics.recompute({ asOf: AS_OF });
    customer = await customersOf(db.dataSource, { lea: ['salesforce', '003L'], max: ['shop', 'SHOP-M'], nia: ['shop', 'SHOP-N'], ole: ['salesforce', '003O'] });
  }, 60_000);
  afterAll(async () => {
    await db.drop();
  });

  it('sums amounts whose codes differ only in case or padding in one currency, the upper-case code', async () => {
    // the records keep what the sources wrote
    const [order] = await db.dataSource.query(`SELECT data -> 'attributes' ->> 'currency' AS currency FROM source_record WHERE external_id = 'ORD-M1'`);
    expect(order.currency).toBe(' eur ');
    // won 006L1 (100 usd) and 006L2 (50 USD), open 006L3 (20 Usd)
    expect(await metricsOf(customer.lea)).toMatchObject({ lifetimeValue: 150, openPipeline: 20, purchaseCount: 2, valueCurrency: 'USD' });
    // orders of 10 ' eur ' and 5 EUR
    expect(await metricsOf(customer.max)).toMatchObject({ lifetimeValue: 15, valueCurrency: 'EUR' });
    // usd and eur are still two currencies
    expect(await metricsOf(customer.nia)).toMatchObject({ lifetimeValue: 15, valueCurrency: null });
    expect(await metricsOf(customer.ole)).toMatchObject({ lifetimeValue: 70, valueCurrency: 'GBP' });
  });

  it('the upgrade queues the customers with a code written otherwise, and their recompute names the currency', async () => {
    // as the earlier rule stored them: usd, USD and Usd were three currencies, ' eur ' (trimmed) and EUR two
    await db.dataSource.query(`UPDATE customer_metrics SET value_currency = NULL WHERE customer_id = ANY($1::uuid[])`, [[customer.lea, customer.max]]);
    await db.dataSource.query('DELETE FROM customer_metrics_dirty');
    const runner = db.dataSource.createQueryRunner();
    try {
      await new MetricsRecomputeCurrencyCase1766700000100().up(runner);
    } finally {
      await runner.release();
    }
    const queued: { id: string }[] = await db.dataSource.query('SELECT customer_id AS id FROM customer_metrics_dirty');
    // Nia's codes are lower case too (her currency stays unknown); Ole's GBP is written as the code already
    expect(queued.map((r) => r.id).sort()).toEqual([customer.lea, customer.max, customer.nia].sort());
    expect(await db.services.metrics.recompute({ asOf: AS_OF })).toMatchObject({ customers: 3 });
    expect(await metricsOf(customer.lea)).toMatchObject({ valueCurrency: 'USD' });
    expect(await metricsOf(customer.max)).toMatchObject({ valueCurrency: 'EUR' });
  });
});
