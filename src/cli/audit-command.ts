import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { AuditInputError } from '../audit/audit-input-error';
import { createAudit, type Audit } from '../audit/create-audit';
import { publicKeyMap, readPublicKeyFile } from '../audit/public-keys';
import { loadSigningKey, readSigningKeyFile, type SigningKeySource } from '../audit/signing-key';
import { formatVerifyReport, verifyLog } from '../audit/verify-log';
import type { Config } from '../config/config';
import type { Runtime } from '../runtime';
import { writableDirectoryProblem } from '../shared/writable-directory';

type WithRuntime = <T>(config: Config, work: (runtime: Runtime) => Promise<T>) => Promise<T>;

interface KeyOptions {
  keyFile?: string;
  checkpointDir?: string;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be an integer from 1 to 64');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of days');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A key or checkpoint file that cannot be used is a usage problem (exit 2, one line), not a broken chain (exit 1). */
async function asUsageError<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuditInputError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

/**
 * The signing key from --key-file, else AUDIT_SIGNING_KEY, else the development key under DATA_DIR (the same
 * key the server signs with); checkpoints also under --checkpoint-dir, else AUDIT_CHECKPOINT_DIR.
 */
function signingKeyOf(config: Config, opts: KeyOptions): SigningKeySource {
  return opts.keyFile ? { privateKey: readSigningKeyFile(opts.keyFile) } : { privateKey: config.audit.signingKey, dataDir: config.dataDir };
}

function auditOf(runtime: Runtime, config: Config, opts: KeyOptions, signingKey: SigningKeySource): Audit {
  const directory = opts.checkpointDir ?? config.audit.checkpointDir;
  return createAudit(runtime.db.dataSource, { signingKey, checkpointDirectory: directory ? path.resolve(directory) : undefined });
}

/**
 * The keys checkpoints may be signed with. Given --public-key files, exactly their keys (an outside auditor
 * trusts what they were handed, nothing of the deployment's); else the deployment's signing key
 * (AUDIT_SIGNING_KEY or the development key) plus the retired keys of AUDIT_PUBLIC_KEYS_FILE.
 */
function verificationKeys(config: Config, files: string[]): Map<string, KeyObject> {
  if (files.length > 0) return publicKeyMap(files.flatMap((file) => readPublicKeyFile(file, '--public-key')));
  const own = loadSigningKey({ privateKey: config.audit.signingKey, dataDir: config.dataDir }).publicKey;
  const retired = config.audit.publicKeysFile ? readPublicKeyFile(config.audit.publicKeysFile, 'AUDIT_PUBLIC_KEYS_FILE') : [];
  return publicKeyMap([own, ...retired]);
}

const KEY_FILE_HELP = 'Ed25519 private key (PKCS#8 PEM); default: AUDIT_SIGNING_KEY, else the development key under DATA_DIR';

/** A folder of checkpoints to read that is not there would verify against none of them, silently. */
function existingFolder(value: string): string {
  if (!existsSync(value) || !statSync(value).isDirectory()) throw new InvalidArgumentError(`no folder ${value}`);
  return value;
}

/** A folder checkpoints are written to is checked before the checkpoint is stored, not after. */
async function refuseUnwritable(dir: string | undefined): Promise<void> {
  const why = dir ? await writableDirectoryProblem(dir) : undefined;
  if (why) throw new InvalidArgumentError(`--checkpoint-dir must be a directory Tessera can write in, got "${dir}": ${why}`);
}

function withKeyOptions(command: Command): Command {
  return command
    .option('--key-file <pem>', KEY_FILE_HELP)
    .option('--checkpoint-dir <dir>', 'also write checkpoint files in this folder (default AUDIT_CHECKPOINT_DIR)');
}

/** `tessera audit verify | public-key | checkpoint | prune`. */
export function registerAuditCommands(program: Command, config: () => Config, withRuntime: WithRuntime): void {
  const audit = program.command('audit').description('the tamper-evident access log (docs/audit.md)');

  audit
    .command('verify')
    .description('recompute the hash chain and check signed checkpoints with public keys only; exit code 1 when broken, 2 on a usage or configuration problem (an unreadable key or checkpoint file)')
    .option(
      '--public-key <file>',
      'trust checkpoints signed with the Ed25519 public key(s) in this PEM file (as `audit public-key` prints; a file may hold several); repeatable. Default: the signing key\'s public half plus AUDIT_PUBLIC_KEYS_FILE',
      collect,
    )
    .option('--checkpoint-dir <dir>', 'also read checkpoint files in this folder (it must exist)', existingFolder)
    .option('--json', 'print the report as JSON')
    .option('--workers <n>', 'threads that check ranges of a large log in parallel (default: up to 4, one per CPU)', positiveInt)
    .action(async (opts: { publicKey?: string[]; checkpointDir?: string; json?: boolean; workers?: number }) => {
      const cfg = config();
      // keys before the database: a wrong file is reported at once
      const publicKeys = await asUsageError(() => verificationKeys(cfg, opts.publicKey ?? []));
      const directory = opts.checkpointDir ?? cfg.audit.checkpointDir;
      await withRuntime(cfg, async (runtime) => {
        const report = await asUsageError(() =>
          verifyLog(runtime.db.dataSource, { publicKeys, checkpointDirectory: directory ? path.resolve(directory) : undefined, workers: opts.workers }),
        );
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatVerifyReport(report));
        if (!report.ok) process.exitCode = 1;
      });
    });

  audit
    .command('public-key')
    .description('print the public key checkpoints are signed with (SPKI PEM), for an outside auditor and for AUDIT_PUBLIC_KEYS_FILE after a rotation; its key id on stderr')
    .option('--key-file <pem>', KEY_FILE_HELP)
    .action(async (opts: KeyOptions) => {
      const key = await asUsageError(() => loadSigningKey(signingKeyOf(config(), opts)));
      process.stdout.write(String(key.publicKey.export({ type: 'spki', format: 'pem' })));
      process.stderr.write(`key id ${key.keyId}\n`);
    });

  withKeyOptions(audit.command('checkpoint').description('sign the chain head, count and time; store it (and write a file)')).action(async (opts: KeyOptions) => {
    const cfg = config();
    await refuseUnwritable(opts.checkpointDir);
    const signingKey = await asUsageError(() => signingKeyOf(cfg, opts));
    await withRuntime(cfg, async (runtime) => {
      const checkpoint = await auditOf(runtime, cfg, opts, signingKey).checkpoints.checkpoint();
      process.stdout.write(checkpoint ? `checkpoint at position ${checkpoint.position}: ${checkpoint.headHash} (key ${checkpoint.keyId})\n` : 'the access log is empty: nothing to sign\n');
    });
  });

  withKeyOptions(audit.command('prune').description('remove entries older than the retention (AUDIT_RETENTION_DAYS) behind a checkpoint that records the pruning'))
    .option('--older-than-days <n>', 'age in days (default: AUDIT_RETENTION_DAYS)', positiveNumber)
    .action(async (opts: KeyOptions & { olderThanDays?: number }) => {
      const cfg = config();
      const days = opts.olderThanDays ?? cfg.audit.retentionDays;
      if (days === undefined) throw new InvalidArgumentError('no retention: set AUDIT_RETENTION_DAYS or give --older-than-days');
      await refuseUnwritable(opts.checkpointDir);
      const signingKey = await asUsageError(() => signingKeyOf(cfg, opts));
      await withRuntime(cfg, async (runtime) => {
        const result = await auditOf(runtime, cfg, opts, signingKey).checkpoints.prune(days);
        process.stdout.write(`pruned ${result.removed} entries (the chain now starts after position ${result.prunedThrough})\n`);
      });
    });
}
