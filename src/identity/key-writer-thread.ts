import { Worker } from 'node:worker_threads';
import type { ClientConfig } from 'pg';
import { binaryBigintArray, binaryTextArray } from '../db/pg-array';
import { keyBatches, type BlockKeys } from './block-key-writes';

/** Blocking keys being stored while the run goes on. */
export interface KeyWrite {
  /** Resolves once the keys are committed; rejects with the writer's error. */
  finished(): Promise<void>;
  /** Stops the writer; its transaction rolls back (its connection closes). */
  abandon(): Promise<void>;
}

export const WRITTEN: KeyWrite = { finished: async () => undefined, abandon: async () => undefined };

/** The Buffer's bytes in an ArrayBuffer of their own: a small Buffer shares Node's pool, which must not be transferred. */
function own(buffer: Buffer): ArrayBuffer {
  const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength;
  return (whole ? buffer.buffer : buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)) as ArrayBuffer;
}

/**
 * Hands the keys to a worker thread (block-key-worker.ts) that stores them on its own connection, so
 * PostgreSQL inserts and indexes them on one core while this thread estimates and scores on the other.
 * At 10^6 records that is 13.5M keys and about a minute of SQL that no longer adds to the run.
 *
 * The keys commit before the run does (the run waits for finished() before its own commit). If the run
 * then fails, the store holds the new keys of records whose resolution did not commit: those records are
 * still pending, so the next run rewrites their keys, and until then a lookup by key can only find a
 * pending record as a candidate, which the next run resolves anyway.
 *
 * The keys are encoded here, all at once (binary arrays, transferred, not copied): a few seconds of this
 * thread, and memory for the encoded keys until the writer has sent them.
 */
export function writeKeysInThread(
  workerFile: string,
  connection: ClientConfig,
  keys: BlockKeys,
  removed: string[],
  bulkFrom?: number,
): KeyWrite {
  const worker = new Worker(workerFile, { workerData: { connection, records: keys.size, bulkFrom } });
  const outcome = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { done?: true; error?: string }) => (m.done ? resolve() : reject(new Error(`storing blocking keys failed: ${m.error}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the blocking-key writer stopped (exit code ${code})`)));
  });
  // Handled here so that a failure while this thread is busy is not an unhandled rejection; finished() reports it.
  outcome.catch(() => undefined);
  for (const part of keyBatches(keys, removed)) {
    const batch = { records: own(binaryBigintArray(part.records)), ids: own(binaryBigintArray(part.ids)), texts: own(binaryTextArray(part.texts)) };
    worker.postMessage({ batch }, [batch.records, batch.ids, batch.texts]);
  }
  worker.postMessage({ end: true });
  return {
    finished: () => outcome,
    abandon: async () => {
      await worker.terminate();
    },
  };
}
