// bin/tessera.js starts the CLI in a child Node with a larger young generation (bin/node-flags.js) unless the
// caller chose one. The child must see the flag, pass its output and exit code through, and end with the
// launcher however the launcher ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildCli, ROOT } from '../setup/cli';

const BIN = path.join(ROOT, 'bin', 'tessera.js');
const { flagsToAdd, YOUNG_GENERATION } = require(path.join(ROOT, 'bin', 'node-flags.js')) as {
  flagsToAdd: (execArgv: string[], nodeOptions: string | undefined) => string[];
  YOUNG_GENERATION: string;
};

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function ended(child: ChildProcess): Promise<Ended> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Running: not gone and not a zombie (an orphan waits for whoever adopted it to reap it). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the CLI launcher', () => {
  let dir: string;
  let seen: string;
  /** Preloaded into every Node the launcher starts: notes its pid and flags; with HOLD, the CLI stays up. */
  let preload: string;
  beforeAll(async () => {
    buildCli();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-launcher-'));
    seen = path.join(dir, 'seen.ndjson');
    preload = path.join(dir, 'preload.js');
    await writeFile(
      preload,
      `const fs = require('fs');
       fs.appendFileSync(${JSON.stringify(seen)}, JSON.stringify({ pid: process.pid, ppid: process.ppid, execArgv: process.execArgv }) + '\\n');
       if (process.env.HOLD && process.execArgv.includes(${JSON.stringify(YOUNG_GENERATION)})) {
         setInterval(() => undefined, 1000);
         // with HOLD=trap the CLI notes a SIGTERM and exits 7: the launcher's own default would look alike
         if (process.env.HOLD === 'trap') process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(seen)}, '"SIGTERM"\\n'); process.exit(7); });
       }`,
    );
  }, 120_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  beforeEach(async () => writeFile(seen, ''));
  // a test that failed half-way may leave a holding CLI behind
  afterEach(async () => {
    for (const { pid } of await processes()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  const launch = (args: string[], env: Record<string, string> = {}, flags: string[] = []) =>
    spawn(process.execPath, [...flags, BIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', NODE_OPTIONS: `--require ${JSON.stringify(preload)}`, ...env } });
  const lines = async () => (await readFile(seen, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
  const processes = async () => (await lines()).filter((l) => typeof l === 'object') as { pid: number; ppid: number; execArgv: string[] }[];

  it('adds the flag unless the node flags or NODE_OPTIONS size the young generation, debug or profile', () => {
    expect(flagsToAdd([], undefined)).toEqual([YOUNG_GENERATION]);
    expect(flagsToAdd(['--max-old-space-size=6000'], '--require x.js')).toEqual([YOUNG_GENERATION]);
    expect(flagsToAdd(['--max-semi-space-size=16'], undefined)).toEqual([]);
    expect(flagsToAdd([], '--max_semi_space_size=32')).toEqual([]);
    // a debugger's port and a profile belong to the CLI itself
    expect(flagsToAdd(['--inspect-brk'], undefined)).toEqual([]);
    expect(flagsToAdd([], '--cpu-prof --cpu-prof-dir=/tmp/p')).toEqual([]);
  });

  it('runs the CLI in a child with the flag, passing its output and exit code through', async () => {
    const usage = await ended(launch(['no-such-command']));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown command 'no-such-command'/);
    const [launcher, cli] = await processes();
    expect(launcher!.execArgv).not.toContain(YOUNG_GENERATION);
    expect(cli).toMatchObject({ ppid: launcher!.pid, execArgv: [YOUNG_GENERATION] });

    const help = await ended(launch(['--help']));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: tessera/);
  });

  it('runs the CLI in place when the caller sized the young generation', async () => {
    expect((await ended(launch(['--help'], {}, ['--max-semi-space-size=16']))).code).toBe(0);
    expect(await processes()).toEqual([expect.objectContaining({ execArgv: ['--max-semi-space-size=16'] })]);
  });

  it('hands a SIGTERM on to the CLI and ends as the CLI did: its exit code, or the same signal', async () => {
    const trapping = launch(['--help'], { HOLD: 'trap' });
    const trapped = ended(trapping);
    await until(async () => (await processes()).length === 2);
    trapping.kill('SIGTERM');
    expect(await trapped).toMatchObject({ code: 7, signal: null });
    expect(await lines()).toContain('SIGTERM');

    await writeFile(seen, '');
    const launcher = launch(['--help'], { HOLD: '1' });
    const result = ended(launcher);
    await until(async () => (await processes()).length === 2);
    const cli = (await processes())[1]!;
    launcher.kill('SIGTERM');
    expect(await result).toMatchObject({ code: null, signal: 'SIGTERM' });
    await until(() => !alive(cli.pid));
  });

  it('stops the CLI when the launcher is killed outright (kill -9)', async () => {
    const launcher = launch(['--help'], { HOLD: '1' });
    const result = ended(launcher);
    await until(async () => (await processes()).length === 2);
    const cli = (await processes())[1]!;
    launcher.kill('SIGKILL');
    expect(await result).toMatchObject({ signal: 'SIGKILL' });
    await until(() => !alive(cli.pid));
  });
});
