import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildCli, ROOT, runCli, type CliResult } from '../setup/cli';

const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
/** Nothing listens on port 1: a database URL that cannot be reached, with a password that must not show. */
const UNREACHABLE = 'postgres://tessera:hunter2@127.0.0.1:1/tessera';

/** `node dist/src/main.js` (what `npm start` runs) with `env`, until it exits; killed after `ms`. */
function runServer(env: Record<string, string>, ms = 30_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('operator mistakes at start: one line naming the setting, the documented exit status, no stack trace', () => {
  let dataDir: string;
  let base: Record<string, string>;
  beforeAll(async () => {
    buildCli();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-startup-'));
    base = { NODE_ENV: 'development', DATA_DIR: dataDir, SEED_DEMO: 'false' };
  }, 120_000);
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it.each([
    ['999.1.1.1', 'HOST must be an IP address (such as 0.0.0.0, 127.0.0.1 or ::) or a host name, got "999.1.1.1"'],
    ['192.0.2.1', 'HOST "192.0.2.1" is not an address of this machine (EADDRNOTAVAIL)'],
  ])('HOST=%s exits 2 before the database is opened', async (host, problem) => {
    // the database cannot be reached either: HOST is reported first, so the start never got that far
    const res = await runServer({ ...base, HOST: host, DATABASE_URL: UNREACHABLE });
    expect(res).toEqual({ code: 2, stdout: '', stderr: `Invalid configuration:\n  - ${problem}\n` });
  });

  it('an unreachable DATABASE_URL exits 1 naming it and the URL without the password', async () => {
    const line = 'the database at postgres://tessera@127.0.0.1:1/tessera (DATABASE_URL) could not be reached: connect ECONNREFUSED 127.0.0.1:1';
    const server = await runServer({ ...base, DATABASE_URL: UNREACHABLE });
    expect(server.code).toBe(1);
    expect(server.stderr).toBe(`tessera failed to start: ${line}\n`);
    // the CLI (and so the container's migrate step) says the same
    const cli = await runCli(['migrate'], { ...base, DATABASE_URL: UNREACHABLE });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(`error: ${line}\n`);
  });
});
