#!/usr/bin/env node
// Runs a TypeScript entry point without a build step: swc compiles on load (with decorator
// metadata, which Nest needs) and resolves the workspace's path aliases from tsconfig.json.
'use strict';
const path = require('node:path');

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node tools/run.js <file.ts> [args...]\n');
  process.exit(2);
}
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
process.argv.splice(1, 1);
require(path.resolve(entry));
