import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Several Tessera processes share one embedded cluster (`npm start` and a CLI command in another terminal).
 * Each holds this advisory lock in shared mode for as long as it uses the cluster, on a connection of its own;
 * the one that takes it exclusively when it stops is the last user and stops the cluster, whoever started it.
 * Before, the process that had started the cluster stopped it under the others (a server that joined later
 * lost its database for good, an import died halfway).
 */
const USERS_LOCK_KEY = '7301528861425330584';
const CONNECT_TIMEOUT_MS = 2000;

/** The cluster stopped while this process was joining it: start over (it may have to start it itself). */
export class ClusterStopping extends Error {}

/** Marks this process as a user of the cluster until the returned connection is closed. */
export async function holdUse(adminUrl: string): Promise<Client> {
  const session = new Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'tessera-embedded-user' });
  // the cluster going away later is reported by the pools; this connection has nothing left to do then
  session.on('error', () => undefined);
  try {
    await session.connect();
    // waits while a last user is stopping the cluster, and fails when it is down
    await session.query('SELECT pg_advisory_lock_shared($1)', [USERS_LOCK_KEY]);
  } catch (error) {
    await session.end().catch(() => undefined);
    throw new ClusterStopping(`the embedded PostgreSQL stopped while joining it: ${(error as Error).message}`);
  }
  return session;
}

/**
 * Ends this process's use. Resolves to a connection that holds the lock exclusively when no other process
 * uses the cluster (keep it open until the cluster is down: a process joining meanwhile waits, then starts the
 * cluster again), to 'in use' when another does, or to 'down' when the cluster does not answer.
 */
export async function releaseUse(session: Client, adminUrl: string): Promise<Client | 'in use' | 'down'> {
  await session.end().catch(() => undefined);
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'tessera-embedded-stop' });
  admin.on('error', () => undefined); // terminated by the shutdown it asks for
  try {
    await admin.connect();
    const { rows } = await admin.query('SELECT pg_try_advisory_lock($1) AS last', [USERS_LOCK_KEY]);
    if (rows[0].last) return admin;
    await admin.end();
    return 'in use';
  } catch {
    await admin.end().catch(() => undefined);
    return 'down';
  }
}

/** The postmaster's process id from its lock file, if there is one. */
export function postmasterPid(clusterDir: string): number | undefined {
  const file = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's (the OS user postgres under root)
  }
}

/** Fast shutdown of a cluster another process started (what the package's stop() sends its own child). */
export async function stopPostmaster(clusterDir: string, timeoutMs = 10_000): Promise<void> {
  const pid = postmasterPid(clusterDir);
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  await waitFor(() => !isAlive(pid) || postmasterPid(clusterDir) !== pid, timeoutMs);
}

/**
 * A lock file whose postmaster is alive but does not take connections: a cluster starting or stopping. Waits
 * until it answers ('running') or is gone ('stopped'); 'stopped' after the timeout too, and the start says why.
 */
export async function settle(clusterDir: string, answers: () => Promise<boolean>, timeoutMs = 15_000): Promise<'running' | 'stopped'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = postmasterPid(clusterDir);
    if (pid === undefined || !isAlive(pid)) return 'stopped';
    if (await answers()) return 'running';
    if (Date.now() > deadline) return 'stopped';
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !done() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
}
