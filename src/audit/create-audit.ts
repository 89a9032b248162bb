import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AccessLogFilter } from './access-log-filter';
import { AccessLogQueries } from './access-log-queries';
import { AuditCheckpoints } from './audit-checkpoints';
import type { AuditWriter } from './append-pool';
import { AuditLog, type AuditLogOptions } from './audit-log';
import { exportLog, type ExportFormat } from './export-log';
import { loadSigningKey, publicKeysOf, type SigningKeySource } from './signing-key';
import { verifyLog, type VerifyOptions, type VerifyReport } from './verify-log';

export interface AuditOptions extends AuditLogOptions {
  signingKey: SigningKeySource;
  /** Public keys (PEM or key objects) of retired signing keys, so their checkpoints still verify (AUDIT_PUBLIC_KEYS_FILE). */
  retiredPublicKeys?: (string | KeyObject)[];
  /** Checkpoints are also written here, one JSON file each (and read back by verify). */
  checkpointDirectory?: string;
  /** Where reads' entries are appended (openAppendPool); default: the DataSource's own pool. */
  writer?: AuditWriter;
}

/** The audit domain over one DataSource: the appender, checkpoints and pruning, verification, auditor reads. */
export function createAudit(dataSource: DataSource, options: AuditOptions) {
  const key = loadSigningKey(options.signingKey);
  const publicKeys = publicKeysOf(key, options.retiredPublicKeys);
  const log = new AuditLog(options.writer ?? { query: (text, params) => dataSource.query(text, params), transaction: (work) => dataSource.transaction((em) => work(em)) }, options);
  const checkpoints = new AuditCheckpoints(dataSource, { key, directory: options.checkpointDirectory });
  const queries = new AccessLogQueries(dataSource);
  return {
    log,
    checkpoints,
    queries,
    keyId: key.keyId,
    /** A number is the batch size (tests); workers and ranges: see VerifyOptions. */
    verify(walk: number | Pick<VerifyOptions, 'batchSize' | 'workers' | 'ranges'> = {}): Promise<VerifyReport> {
      const settings = typeof walk === 'number' ? { batchSize: walk } : walk;
      return verifyLog(dataSource, { publicKeys, checkpointDirectory: options.checkpointDirectory, ...settings });
    },
    export(filter: AccessLogFilter, format: ExportFormat): AsyncGenerator<string> {
      return exportLog(queries, filter, format);
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
