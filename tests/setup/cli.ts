import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'tessera.js');
// plain JavaScript beside the launcher, without type declarations
const { YOUNG_GENERATION } = require(path.join(ROOT, 'bin', 'node-flags.js')) as { YOUNG_GENERATION: string };

/** Compiles src/ to dist/ so the CLI under test is the code under test. */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in one process: started with the launcher's flags (bin/node-flags.js), bin/tessera.js runs it in
 * place instead of in a child, so a test that kills the process kills the CLI itself. The launcher has its
 * own test (cli-launcher.test.ts).
 */
export function startCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [YOUNG_GENERATION, BIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = startCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
