import 'reflect-metadata';
import os from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_PURPOSE, ROLES, isRole } from '../api/auth/roles';
import { PURPOSE_NAME } from '../api/auth/token-claims';
import { signToken } from '../api/auth/tokens';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { DatabaseUnreachableError } from '../db/database-unreachable';
import { generateDemo } from '../demo/generate-demo';
import { demoDay } from '../demo/people';
import type { ResolveSummary } from '../identity/resolve.service';
import type { RecomputeSummary } from '../metrics/metrics.service';
import { ImportError, ImportFailedError } from '../ingest/import-error';
import { formatImportReport, unusableFiles } from '../ingest/import-report';
import { errorTextForLog } from '../observability/error-serializer';
import { createLogger } from '../observability/logger';
import { FORMAT_NAMES } from '../sources/formats';
import { openRuntime, tokenSettings, type Runtime } from '../runtime';
import { registerAuditCommands } from './audit-command';
import { carryOnWhenOutputCloses } from './closed-output';
import { refreshSegments, registerSegmentCommands } from './segments-command';
import { importProgressBar } from './progress';
import { purposesOfRole } from '../privacy/role-purposes';
import { recomputeWithProgress, resolveWithProgress } from './with-progress';

/** Opens the runtime for one command and always closes it (pool, embedded database). */
async function withRuntime<T>(config: Config, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  // Logs go to stderr, apart from the command's output; a bulk job's statements run for seconds by design,
  // so only those past a minute are reported as slow.
  const runtime = await openRuntime(config, createLogger(process.env.LOG_LEVEL ?? 'warn', 'tessera-cli', 2), { slowStatementMs: 60_000 });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function isoDay(value: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) throw new InvalidArgumentError('must be a day, YYYY-MM-DD');
  return day;
}

/** The OS account running the command (the default import actor). */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function buildCli(config: () => Config): Command {
  // exitOverride: commander throws instead of exiting, so a usage error (a bad option value, an unknown
  // command) ends with code 2 like every other usage error here; subcommands inherit it
  const program = new Command('tessera').description('Tessera customer-360 hub').showHelpAfterError().exitOverride();

  program.command('migrate').description('apply pending database migrations').action(async () => {
    await withRuntime(config(), async ({ migrationsApplied }) => {
      for (const name of migrationsApplied) process.stdout.write(`applied ${name}\n`);
      process.stdout.write(migrationsApplied.length > 0 ? `${migrationsApplied.length} migrations applied; the schema is up to date\n` : 'migrations are up to date\n');
    });
  });

  program
    .command('import')
    .description('import a native export (file or folder) with lineage, then resolve identities')
    .requiredOption('--source <name>', 'source system name, e.g. salesforce (required)')
    .addOption(new Option('--format <format>', 'export format (required)').choices([...FORMAT_NAMES]).makeOptionMandatory())
    .option('--no-resolve', 'skip identity resolution after the import')
    .option('--actor <name>', 'who runs the import, for the access log (default: the OS user)')
    .argument('<file-or-folder>')
    .action(async (location: string, opts: { source: string; format: string; resolve: boolean; actor?: string }) => {
      const cfg = config();
      await withRuntime(cfg, async (runtime) => {
        const { services } = runtime;
        const progress = importProgressBar();
        try {
          // the access log is written after resolution, so its entries name the customers new records joined
          const by = { actor: opts.actor ?? osUser(), roles: ['operator'], purpose: 'import', client: 'tessera-cli' };
          const report = await services.importer.run({ source: opts.source, format: opts.format, location, onProgress: progress.onProgress, by, deferAccessLog: true });
          try {
            progress.stop();
            process.stdout.write(`${formatImportReport(report)}\n`);
            if (opts.resolve) printResolution(await resolveWithProgress(services, {}));
            printMetrics(await recomputeWithProgress(services, {}));
            // memberships follow the new data: tools syncing segment changes see who entered and left
            await refreshSegments(runtime, cfg, (line) => process.stdout.write(`${line}\n`));
          } finally {
            // whatever failed after the commit; a process killed before this line is logged by the next import
            await services.importer.logAccess(report);
          }
          // the rest is imported and resolved, but part of the input is missing: a script must notice
          const unusable = unusableFiles(report);
          if (unusable.length > 0) {
            const names = unusable.map((f) => f.file).join(', ');
            process.stderr.write(`error: ${unusable.length === 1 ? '1 file was' : `${unusable.length} files were`} rejected as a whole and not imported: ${names} (reasons in the report)\n`);
            process.exitCode = 1;
          }
        } finally {
          progress.stop();
        }
      });
    });

  program
    .command('resolve')
    .description('resolve identities: link records of the same person to one stable customer id')
    .option('--full', 'recompute every cluster from scratch (same clusters as incremental; ids stay stable)')
    .option('--estimate', 're-estimate the match model from the data (implies --full)')
    .action(async (opts: { full?: boolean; estimate?: boolean }) => {
      await withRuntime(config(), async ({ services }) => {
        printResolution(await resolveWithProgress(services, { full: Boolean(opts.full || opts.estimate), estimate: Boolean(opts.estimate) }));
        printMetrics(await recomputeWithProgress(services, {}));
      });
    });

  program
    .command('metrics')
    .description('recompute computed traits and experience scores of the customers whose records changed')
    .option('--full', 'recompute every customer (refreshes the 30/90-day windows and recency of all)')
    .action(async (opts: { full?: boolean }) => {
      await withRuntime(config(), async ({ services }) => printMetrics(await recomputeWithProgress(services, { full: Boolean(opts.full) })));
    });

  program
    .command('demo')
    .description('write native exports (Salesforce CSV, Zendesk JSON, Mailchimp JSON) of a made-up company')
    .option('--customers <n>', 'number of people', positiveInt, 5000)
    .option('--seed <n>', 'random seed (same seed and --now, same files)', positiveInt, 42)
    .option('--now <date>', "the day the company's history ends, YYYY-MM-DD (default: today, UTC)", isoDay)
    .requiredOption('--out <dir>', 'output folder')
    .action(async (opts: { customers: number; seed: number; now?: Date; out: string }) => {
      const summary = await generateDemo(opts.out, { customers: opts.customers, seed: opts.seed, now: opts.now ?? demoDay() });
      for (const f of summary.files) process.stdout.write(`${f.path}  ${f.records} records\n`);
    });

  program
    .command('token')
    .description('print a signed development bearer token (HS256; refused when NODE_ENV=production)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--sub <subject>', 'token subject (the caller)')
    .option('--purpose <purposes>', 'purpose of use, or several separated by commas, the first the default (defaults by role)')
    .action((opts: { role: string; sub?: string; purpose?: string }) => {
      if (!isRole(opts.role)) throw new InvalidArgumentError(`unknown role "${opts.role}"; expected one of ${ROLES.join(', ')}`);
      const purposes = (opts.purpose ?? DEFAULT_PURPOSE[opts.role]).split(',').map((p) => p.trim());
      if (!purposes.every((p) => PURPOSE_NAME.test(p))) throw new InvalidArgumentError('--purpose takes purpose names: lower-case letters, digits and _');
      const cfg = config();
      if (cfg.nodeEnv === 'production') throw new InvalidArgumentError('token is a development command and is refused when NODE_ENV=production');
      // the server would refuse every request of a token whose purposes its policy does not grant the role
      const granted = purposesOfRole(opts.role, cfg.privacy.policyFile);
      const refused = purposes.filter((p) => !granted.includes(p));
      if (refused.length > 0) throw new InvalidArgumentError(`the privacy policy does not let role ${opts.role} act for ${refused.join(', ')}; its purposes: ${granted.join(', ') || 'none'}`);
      const claims = purposes.length > 1 ? { purposes } : { purpose: purposes[0] };
      const tokens = tokenSettings(cfg);
      process.stdout.write(`${signToken({ ...tokens, secret: tokens.secret! }, { role: opts.role, subject: opts.sub, ...claims })}\n`);
    });

  program
    .command('serve')
    .description('run migrations, seed the demo when empty (SEED_DEMO) and serve GraphQL')
    .action(async () => {
      const { main } = await import('../main');
      await main();
    });

  registerAuditCommands(program, config, withRuntime);
  registerSegmentCommands(program, config, withRuntime);
  return program;
}

function printResolution(r: ResolveSummary) {
  process.stdout.write(
    `resolved ${r.records} person records into ${r.customers} customers (new ${r.created}, merged ${r.merged}, moved records ${r.moved}, removed ${r.removed}) in ${r.ms} ms\n` +
      `  ${r.mode}: ${r.resolvedRecords} records re-clustered, ${r.pairs} candidate pairs compared, ${r.reviewPairs} pairs for review from this run${r.reviewQueue === null ? '' : ` (${r.reviewQueue} in the review queue)`}` +
      `${r.modelEstimated ? ', model re-estimated' : ''}\n`,
  );
}

function printMetrics(m: RecomputeSummary) {
  process.stdout.write(`computed traits of ${m.customers} customers (${m.mode}) in ${m.ms} ms\n`);
}

export async function runCli(argv: string[]): Promise<void> {
  carryOnWhenOutputCloses();
  try {
    await buildCli(() => loadConfig()).parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ImportError || error instanceof InvalidArgumentError) {
      // thrown by a command's own code (an InvalidArgumentError from an option parser reaches here as the
      // plain CommanderError commander raises after printing it)
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof DatabaseUnreachableError || error instanceof ImportFailedError) {
      // a failure of the system (the database stopped or the connection was lost mid-import), not a usage error
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    } else if (error instanceof CommanderError) {
      // commander has printed the problem (or the help or version: exit code 0)
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      // a data exception's message quotes the value that failed: not on stderr, which ends up in a job's log
      process.stderr.write(`error: ${errorTextForLog(error)}\n`);
      process.exitCode = 1;
    }
  }
  keepExitCode(Number(process.exitCode ?? 0));
}

/**
 * The embedded PostgreSQL package ends the process with process.exit(0) once the event loop is empty (its
 * cleanup hook), which turned a failed command into a success whenever the CLI had started the cluster
 * itself. An 'exit' listener still decides the code the process ends with.
 */
function keepExitCode(code: number): void {
  if (code === 0) return;
  process.once('exit', () => {
    process.exitCode = code;
  });
}

if (require.main === module) void runCli(process.argv);
