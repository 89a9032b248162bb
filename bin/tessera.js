#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` via the prepare script, or `npm run build`), in a child Node
// with the flags node-flags.js gives when this one lacks them.
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const { flagsToAdd } = require('./node-flags');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('tessera is not built yet: run `npm run build` in the project folder\n');
  process.exit(1);
}

const flags = flagsToAdd(process.execArgv, process.env.NODE_OPTIONS);
if (flags.length === 0) {
  // Started by the launcher below, the CLI ends with it: a launcher killed outright (kill -9) closes the
  // channel, and the CLI then stops as abruptly instead of running on unseen.
  if (process.channel) {
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  }
  require(entry).runCli(process.argv);
} else {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  // A signal sent to this process alone (a supervisor's SIGTERM) reaches the CLI too. Ctrl-C reaches both
  // already; the CLI does not handle SIGINT, so the second one finds it stopping or gone.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`error: could not start the CLI: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // ended by a signal: end the same way, so a shell or supervisor sees what the CLI saw
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    // PID 1 (in a container) is not ended by its own signal: exit as a shell reports a signalled child
    process.exit(128 + (require('node:os').constants.signals[signal] || 0));
  });
}
