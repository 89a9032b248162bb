#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` via the prepare script, or `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('tessera is not built yet: run `npm run build` in the project folder\n');
  process.exit(1);
}
require(entry).runCli(process.argv);
