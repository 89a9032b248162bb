import 'reflect-metadata';
import { constants as osConstants } from 'node:os';
import { DEFAULT_PURPOSE, ROLES } from './api/auth/roles';
import { signToken } from './api/auth/tokens';
import { buildTesseraSchema } from './api/graphql/schema';
import { privacySettings } from './api/graphql/privacy/privacy-settings';
import { PolicyError } from './privacy/policy';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { checkListenAddress, listenOrRefuse } from './config/listen-address';
import { DatabaseUnreachableError } from './db/database-unreachable';
import { seedDemo } from './demo/seed-demo';
import { createLogger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { openRuntime } from './runtime';
import { scheduleRetention } from './audit/retention';

/** Composition root: config → database → services → HTTP server; owns shutdown order. */
export async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  // Installed first: until the server listens a signal ends the start at once (a migration in flight is
  // rolled back with its connection), then it drains. As PID 1 in a container node has no default action
  // for SIGTERM, so without a handler `docker stop` during start-up waited for its SIGKILL.
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => {
    log.warn({ signal }, 'stopped during start-up');
    process.exit(128 + osConstants.signals[signal]);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // A HOST or PORT the server cannot listen on is refused before the database is opened and migrated.
  await refuseOnConfigError(checkListenAddress(config.host, config.port));
  const runtime = await refuseOnConfigError(openRuntime(config, log));
  const { services } = runtime;

  if (config.seedDemo && (await services.customers.list({ first: 1 })).length === 0) {
    await seedDemo(services, config.dataDir, config.demoCustomers, log);
  }

  const schema = await buildTesseraSchema();
  let privacy;
  try {
    // The policy is checked against the schema here: a bad policy file stops the start with every problem listed.
    privacy = privacySettings(schema, { ...config.privacy, secret: runtime.tokens.secret });
  } catch (error) {
    await runtime.close();
    if (error instanceof PolicyError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { server, apollo } = await createApp({
    schema,
    privacy,
    dataSource: runtime.db.dataSource,
    services,
    tokens: runtime.tokens,
    log,
    metrics: createMetrics(),
    region: config.defaultPhoneRegion,
    production: config.nodeEnv === 'production',
    limits: config.graphqlLimits,
    segmentFatigueDays: config.segments.fatigueDays,
    auditFailClosed: config.audit.failClosed,
    readyTimeoutMs: config.dbConnectTimeoutMs,
  });
  await refuseOnConfigError(listenOrRefuse(server, config.host, config.port), () => runtime.close());
  let pruning: ReturnType<typeof scheduleRetention> | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    pruning?.stop();
    await apollo.stop(); // stops accepting, drains in-flight requests
    // A keep-alive connection could still bring a request after the drain; its access-log entry could not be stored.
    server.closeAllConnections();
    log.info('server drained');
    await runtime.close(); // pool, then the embedded database
    log.info('stopped');
    process.exit(0);
  };
  // before anything says "listening": a signal sent on hearing it drains (it once came before the handlers)
  onSignal = (signal) => void shutdown(signal);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port }, 'listening');
  const retention = config.audit.retentionDays;
  pruning = retention
    ? scheduleRetention(() => services.audit.checkpoints.prune(retention), {
        pruned: (r) => log.info({ removed: r.removed, prunedThrough: r.prunedThrough, retentionDays: retention }, 'access log pruned'),
        failed: (error) => log.error({ err: error }, 'access log pruning failed'),
      })
    : null;
  // Customers queued while no recompute ran (the migration queues all existing ones) get their traits now,
  // in the background: on a large database that first run takes a while and reads do not need it.
  services.metrics
    .recompute()
    .then((m) => m.customers > 0 && log.info(m, 'customer metrics brought up to date'))
    .catch((error: Error) => log.error({ err: error }, 'customer metrics recompute failed'));
  // The identity model (megabytes of term frequencies at 10^6 records), so the first explanation does not wait for it.
  services.resolver.warmUp().catch((error: Error) => log.warn({ err: error }, 'identity model not preloaded'));

  if (config.nodeEnv !== 'production') {
    const lines = [`\nTessera is ready: http://localhost:${port}/graphql`, 'Bearer tokens (valid for development only):'];
    for (const role of ROLES) {
      const note = role === 'customer' ? ', sees only the customer its --sub names' : '';
      lines.push(`  ${role.padEnd(14)} (purpose ${DEFAULT_PURPOSE[role]}${note}):\n    ${signToken({ ...runtime.tokens, secret: runtime.tokens.secret! }, { role })}`);
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }

}

/** A configuration error found after loadConfig ends the start like one found by it: its message, status 2. */
async function refuseOnConfigError<T>(work: Promise<T>, cleanUp?: () => Promise<void>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await cleanUp?.().catch(() => undefined);
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

if (require.main === module) {
  main().catch((error) => {
    // an unreachable database is the operator's to fix, not ours: its message says all, a stack would bury it
    const text = error instanceof DatabaseUnreachableError ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`tessera failed to start: ${text}\n`);
    process.exit(1);
  });
}
