import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

// The embedded cluster the test run started (tests/setup/global-setup.ts); absent when DATABASE_URL is used.
const clusterDir = process.env.TESSERA_TEST_CLUSTER_DIR;
const port = Number(process.env.TESSERA_TEST_CLUSTER_PORT);
const withEmbedded = clusterDir ? describe : describe.skip;

withEmbedded('starting the embedded PostgreSQL over a cluster another process runs', () => {
  it('shares it by default, and stopping the shared handle leaves the cluster running', async () => {
    const shared = await startEmbeddedPostgres({ clusterDir: clusterDir!, port, database: 'postgres' });
    await shared.stop();
    const client = new Client({ connectionString: shared.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('refuses it when exclusive (a bench that will stop the cluster it started)', async () => {
    await expect(startEmbeddedPostgres({ clusterDir: clusterDir!, port, database: 'postgres', exclusive: true })).rejects.toThrow(
      /another process is already running the PostgreSQL in .* on port \d+: wait for it to end/,
    );
  });
});
