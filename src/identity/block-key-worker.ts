// Worker thread of a large resolution: stores the blocking keys on a connection of its own while the run's
// thread estimates and scores (key-writer-thread.ts). Batches arrive as binary arrays, in order; the keys
// commit in one transaction of their own, which the run waits for before it commits. Whole records may
// come instead, as their stored normalisation: their keys are made here, off the run's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { Client, type ClientConfig } from 'pg';
import { binaryBigintArray, binaryTextArray } from '../db/pg-array';
import { keyBatches, writeKeyBatches, type KeyBatch } from './block-key-writes';
import { decodeMatchRecord } from './engine/match-record';
import type { WriterMessage } from './key-writer-thread';
import { streamedKeysOf } from './record-keys';

interface WorkerInput {
  connection: ClientConfig;
  records: number;
  bulkFrom?: number;
}

/** Batches in arrival order, consumed as they come. */
async function* arriving(): AsyncGenerator<KeyBatch<Buffer>> {
  const queue: WriterMessage[] = [];
  let wake: (() => void) | null = null;
  parentPort!.on('message', (m: WriterMessage) => {
    queue.push(m);
    wake?.();
  });
  for (;;) {
    if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    const m = queue.shift()!;
    if ('end' in m) return;
    if ('batch' in m) {
      yield { records: Buffer.from(m.batch.records), ids: Buffer.from(m.batch.ids), texts: Buffer.from(m.batch.texts) };
      continue;
    }
    const { ids, sources, encoded } = m.records;
    const records = ids.map((id, i) => decodeMatchRecord(id, sources[i]!, encoded[i]!));
    for (const part of keyBatches(streamedKeysOf(records), [])) {
      yield { records: binaryBigintArray(part.records), ids: binaryBigintArray(part.ids), texts: binaryTextArray(part.texts) };
    }
  }
}

async function run({ connection, records, bulkFrom }: WorkerInput): Promise<void> {
  const client = new Client({ ...connection, application_name: 'tessera-block-keys' });
  try {
    await client.connect();
    await client.query('BEGIN');
    await writeKeyBatches({ query: async (text, params) => (await client.query(text, params)).rows }, records, arriving(), bulkFrom);
    await client.query('COMMIT');
    parentPort!.postMessage({ done: true });
  } catch (error) {
    // answered before the port closes: after it, the run would only learn that the thread stopped
    parentPort!.postMessage({ error: (error as Error).message });
  } finally {
    await client.end().catch(() => undefined);
    parentPort!.close();
  }
}

void run(workerData as WorkerInput);
