#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` via the prepare script, or `npm run build`), in a child Node
// with the flags node-flags.js gives when this one lacks them.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { flagsToAdd, LAUNCHED } = require('./node-flags');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('tessera is not built yet: run `npm run build` in the project folder\n');
  process.exit(1);
}

/** Signals that end a process with a core dump: the launcher exits with their code instead of dumping too. */
const CRASHES = new Set(['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGQUIT', 'SIGTRAP', 'SIGSYS']);

const flags = flagsToAdd(process.execArgv, process.env.NODE_OPTIONS);
if (flags.length === 0) {
  // Started by the launcher below, the CLI ends with it: a launcher killed outright (kill -9) closes the
  // channel, and the CLI then stops as abruptly instead of running on unseen.
  if (process.env[LAUNCHED] === '1' && process.channel) {
    delete process.env[LAUNCHED];
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  }
  require(entry).runCli(process.argv);
} else {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [LAUNCHED]: '1' },
  });
  // A signal sent to this process alone (a supervisor's SIGTERM) reaches the CLI too. Ctrl-C reaches both
  // already; the CLI does not handle SIGINT, so the second one finds it stopping or gone.
  const passed = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of passed) {
    process.on(signal, () => {
      try {
        child.kill(signal);
      } catch {
        // gone already
      }
    });
  }
  child.on('error', (error) => {
    process.stderr.write(`error: could not start the CLI: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    const status = 128 + (os.constants.signals[signal] || 0);
    if (CRASHES.has(signal)) process.exit(status);
    // ended by a signal: end the same way, so a shell or supervisor sees what the CLI saw
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    // PID 1 (in a container) is not ended by its own signal: exit as a shell reports a signalled child
    process.exit(status);
  });
}
