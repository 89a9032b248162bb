import { Worker } from 'node:worker_threads';
import type { ClientConfig } from 'pg';
import { binaryBigintArray, binaryTextArray } from '../db/pg-array';
import type { KeyBatch } from './block-key-writes';
import { encodeMatchRecord, type MatchRecord } from './engine/match-record';
import type { PhaseTicker } from '../shared/progress';

/** Blocking keys being stored while the run goes on. */
export interface KeyWrite {
  /** Resolves once the keys are committed; rejects with the writer's error. */
  finished(): Promise<void>;
  /** Stops the writer; its transaction rolls back (its connection closes). */
  abandon(): Promise<void>;
}

/**
 * What the writer thread is sent, in order: key batches (binary arrays, transferred), records whose keys it
 * makes itself (ids, sources and stored normalisations), then the end.
 */
export type WriterMessage =
  | { batch: KeyBatch<ArrayBuffer> }
  | { records: { ids: string[]; sources: string[]; encoded: string[] } }
  | { end: true };

export const WRITTEN: KeyWrite = { finished: async () => undefined, abandon: async () => undefined };

/** The Buffer's bytes in an ArrayBuffer of their own: a small Buffer shares Node's pool, which must not be transferred. */
function own(buffer: Buffer): ArrayBuffer {
  const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength;
  return (whole ? buffer.buffer : buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)) as ArrayBuffer;
}

/** Records per message to the thread (their stored normalisation, about 150 bytes each). */
const RECORDS_PER_MESSAGE = 10_000;

/**
 * Hands the records to a worker thread (block-key-worker.ts) that makes their blocking keys from their stored
 * normalisation (encodeMatchRecord) and stores them on its own connection, so PostgreSQL inserts and indexes
 * them on one core while this thread estimates and scores on the other. At 10^6 records that is 13.5M keys and
 * about a minute of SQL that no longer adds to the run; this thread only encodes the records (making the keys
 * here was 30 s of it). Removed records' keys go first, as one binary batch.
 *
 * The keys commit before the run does (the run waits for finished() before its own commit). If the run
 * then fails, the store holds the new keys of records whose resolution did not commit: those records are
 * still pending, so the next run rewrites their keys, and until then a lookup by key can only find a
 * pending record as a candidate, which the next run resolves anyway.
 */
export function writeRecordKeysInThread(
  workerFile: string,
  connection: ClientConfig,
  records: readonly MatchRecord[],
  removed: string[],
  bulkFrom?: number,
  progress?: PhaseTicker,
): KeyWrite {
  const writer = startWriter(workerFile, connection, records.length, bulkFrom);
  try {
    if (removed.length > 0) writer.post({ batch: binaryBatch({ records: removed, ids: [], texts: [] }) });
    for (let from = 0; from < records.length; from += RECORDS_PER_MESSAGE) {
      const part = records.slice(from, from + RECORDS_PER_MESSAGE);
      writer.post({ records: { ids: part.map((r) => r.id), sources: part.map((r) => r.source), encoded: part.map((r) => encodeMatchRecord(r, { patterns: false })) } });
      progress?.tick(from + part.length);
    }
  } catch (error) {
    // no KeyWrite reaches the caller to abandon: the thread's transaction (holding the key table) must end here
    writer.stop();
    throw error;
  }
  return writer.end();
}

function binaryBatch(part: KeyBatch): KeyBatch<ArrayBuffer> {
  return { records: own(binaryBigintArray(part.records)), ids: own(binaryBigintArray(part.ids)), texts: own(binaryTextArray(part.texts)) };
}

function startWriter(workerFile: string, connection: ClientConfig, records: number, bulkFrom?: number) {
  const worker = new Worker(workerFile, { workerData: { connection, records, bulkFrom } });
  const outcome = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { done?: true; error?: string }) => (m.done ? resolve() : reject(new Error(`storing blocking keys failed: ${m.error}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the blocking-key writer stopped (exit code ${code})`)));
  });
  // Handled here so that a failure while this thread is busy is not an unhandled rejection; finished() reports it.
  outcome.catch(() => undefined);
  return {
    post(message: WriterMessage): void {
      const transfer = 'batch' in message ? [message.batch.records, message.batch.ids, message.batch.texts] : [];
      worker.postMessage(message, transfer);
    },
    stop(): void {
      void worker.terminate();
    },
    end(): KeyWrite {
      worker.postMessage({ end: true } satisfies WriterMessage);
      return {
        finished: () => outcome,
        abandon: async () => {
          await worker.terminate();
        },
      };
    },
  };
}
