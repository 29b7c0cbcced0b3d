#!/usr/bin/env node
// The CLI entry point: the bundled engine lives in dist/ (built by `npm install` / `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('parallel-profiler is not built yet: run `npm run build` in ' + path.dirname(__dirname));
  process.exit(2);
}
require(cli);
