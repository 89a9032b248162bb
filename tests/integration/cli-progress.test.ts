// Long commands show their phases on a terminal's stderr; piped (a script, CI, this test's own runCli) they
// write nothing there, and stdout carries the same results either way.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildCli, ROOT, runCli } from '../setup/cli';
import { COMPANY_DIR } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Runs the CLI with stderr on a pseudo-terminal (util-linux `script`) and stdout into a file: what a person sees. */
function onTerminal(args: string[], env: Record<string, string>, dir: string): Promise<{ terminal: string; stdout: Promise<string> }> {
  const out = path.join(dir, `stdout-${args.join('-').replace(/\W+/g, '')}.txt`);
  const command = `${process.execPath} ${path.join(ROOT, 'bin', 'tessera.js')} ${args.join(' ')} > ${out}`;
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } }, (error, terminal) =>
      error ? reject(error) : resolve({ terminal, stdout: readFile(out, 'utf8') }),
    );
  });
}

/** The results without their timings. */
const untimed = (stdout: string) => stdout.replace(/in \d+ ms/g, 'in N ms');

describe('progress of long commands', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let dir: string;
  beforeAll(async () => {
    buildCli();
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-progress-'));
    env = { DATABASE_URL: db.url, DATA_DIR: dir, NODE_ENV: 'development' };
  }, 120_000);
  afterAll(async () => db.drop());

  it('writes nothing on stderr when it is not a terminal: import with resolution, resolve, resolve --full, metrics', async () => {
    const imported = await runCli(['import', '--source', 'salesforce', '--format', 'salesforce-csv', path.join(COMPANY_DIR, 'salesforce')], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/resolved 4 person records/);
    expect(imported.stderr).toBe('');
    for (const args of [['resolve'], ['resolve', '--full'], ['resolve', '--estimate'], ['metrics'], ['metrics', '--full']]) {
      const res = await runCli(args, env);
      expect({ args, code: res.code, stderr: res.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('on a terminal shows each phase with its count and time on stderr, and prints the same results on stdout', async () => {
    const piped = await runCli(['resolve', '--full'], env);
    const shown = await onTerminal(['resolve', '--full'], env, dir);
    for (const line of ['reading records', 'normalising records', 'scoring candidate pairs', 'clustering', 'writing the outcome', 'customer summaries']) {
      expect(shown.terminal).toMatch(new RegExp(`resolve +${line} .*\\| \\d+\\.\\d s`));
    }
    expect(shown.terminal).toMatch(/normalising records +\[.+\] 4\/4 records \| \d+\.\d s/);
    expect(shown.terminal).toMatch(/metrics +computing traits +\[.+\] \d+\/\d+ customers/);
    expect(shown.terminal).not.toMatch(/resolved \d+ person records/);
    expect(untimed(await shown.stdout)).toBe(untimed(piped.stdout));

    const metrics = await onTerminal(['metrics', '--full'], env, dir);
    expect(metrics.terminal).toMatch(/metrics +computing traits +\[.+\] 4\/4 customers \| \d+\.\d s/);
    expect(await metrics.stdout).toMatch(/^computed traits of 4 customers \(full\) in \d+ ms\n$/);
  });
});
