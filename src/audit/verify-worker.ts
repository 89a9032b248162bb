// Worker thread of `verify`: checks one range of the chain on its own connection, inside the snapshot the
// main thread exported, and posts the RangeResult back (verify-log.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { Client, type ClientConfig } from 'pg';
import { beginVerifyTransaction, verifyRange, type RangeTask } from './verify-range';

interface WorkerInput {
  task: RangeTask;
  connection: ClientConfig;
  snapshot: string;
}

async function run({ task, connection, snapshot }: WorkerInput): Promise<void> {
  const client = new Client({ ...connection, application_name: 'tessera-verify' });
  await client.connect();
  try {
    await beginVerifyTransaction(client, snapshot);
    const result = await verifyRange(client, task);
    await client.query('COMMIT');
    parentPort!.postMessage({ result });
  } finally {
    await client.end();
  }
}

run(workerData as WorkerInput).catch((error: Error) => parentPort!.postMessage({ error: error.message }));
