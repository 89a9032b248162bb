import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { isAlive, postmasterPid } from '../../src/db/embedded-sharing';
import { buildCli, ROOT } from '../setup/cli';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A process that starts (or joins) the embedded cluster as the server and the CLI do, compiled (the package is
 * ESM-only: Jest's module sandbox cannot load it), stops it when told, then ends on its own.
 */
function tesseraProcess(clusterDir: string, port: number) {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'db', 'embedded-postgres.js'))});
    startEmbeddedPostgres({ clusterDir: ${JSON.stringify(clusterDir)}, port: ${port}, database: 'tessera' }).then((handle) => {
      console.log(JSON.stringify({ url: handle.url, joined: handle.joined }));
      process.stdin.once('data', async () => {
        await handle.stop();
        console.log(JSON.stringify({ stopped: handle.stopped }));
        process.stdin.destroy();
      });
    }, (error) => { console.error(String(error)); process.exit(1); });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk) => {
    buffered += chunk;
    for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
      messages.push(JSON.parse(buffered.slice(0, at)));
      buffered = buffered.slice(at + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const message = async (n: number) => {
    while (messages.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    return messages[n - 1];
  };
  return {
    started: () => message(1) as Promise<{ url: string; joined: boolean }>,
    /** Stops its use of the cluster; resolves to what stop() did and the process's exit status. */
    async stop(): Promise<{ stopped: string; code: number | null }> {
      child.stdin!.write('stop\n');
      const { stopped } = (await message(2)) as { stopped: string };
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return { stopped, code };
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/**
 * Two Tessera processes on one embedded cluster (a server and a CLI import, in two terminals): whichever
 * started it, the last one to stop stops it. Before, the one that had started it stopped it under the other.
 */
describe('the embedded PostgreSQL shared by two processes', () => {
  let dir: string;
  let clusterDir: string;
  let port: number;
  const running: ReturnType<typeof tesseraProcess>[] = [];
  const start = async () => {
    const handle = tesseraProcess(clusterDir, port);
    running.push(handle);
    return { ...handle, ...(await handle.started()) };
  };
  beforeAll(async () => {
    buildCli();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-embedded-share-'));
    await chmod(dir, 0o755); // as root the cluster runs as the OS user postgres, who must reach it
    clusterDir = path.join(dir, 'pg');
    port = await freePort();
  }, 120_000);
  afterAll(async () => {
    for (const handle of running) handle.kill();
    const pid = postmasterPid(clusterDir);
    if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGINT'); // the cluster a failed test left behind
    await rm(dir, { recursive: true, force: true });
  });

  it('the process that started it stops first: the cluster stays up for the other, which then stops it', async () => {
    const first = await start(); // e.g. `tessera import`
    const second = await start(); // a server started meanwhile
    expect([first.joined, second.joined]).toEqual([false, true]);
    // and the process that started it ends on its own, the cluster still running
    expect(await first.stop()).toEqual({ stopped: 'left running', code: 0 });
    expect(await answers(second.url)).toBe(true);
    expect(await second.stop()).toEqual({ stopped: 'stopped', code: 0 });
    expect(await answers(second.url)).toBe(false);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('the process that joined it stops first: the cluster stays up for the one that started it', async () => {
    const server = await start();
    const cli = await start();
    expect(await cli.stop()).toEqual({ stopped: 'left running', code: 0 });
    expect(await answers(server.url)).toBe(true);
    expect(await server.stop()).toEqual({ stopped: 'stopped', code: 0 });
    expect(await answers(server.url)).toBe(false);
  }, 120_000);

  it('a postmaster that died (kill -9) is not waited for when the process that started it stops', async () => {
    const handle = await start();
    const pid = postmasterPid(clusterDir)!;
    process.kill(pid, 'SIGKILL');
    for (const deadline = Date.now() + 5000; isAlive(pid) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    const before = Date.now();
    expect(await handle.stop()).toEqual({ stopped: 'gone', code: 0 });
    expect(Date.now() - before).toBeLessThan(5000);
    // and the next start recovers from the stale lock file
    const again = await start();
    expect(await answers(again.url)).toBe(true);
    expect(await again.stop()).toEqual({ stopped: 'stopped', code: 0 });
  }, 120_000);
});
