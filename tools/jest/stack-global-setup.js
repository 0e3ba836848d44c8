// Jest globalSetup for integration suites: starts (or reuses) the local stack once per run and
// hands its addresses to the test workers through process.env, which they inherit. It never stops
// the stack: reusing it makes the next run fast, and the test command stops it at the end.
'use strict';
const path = require('node:path');

module.exports = async function stackGlobalSetup() {
  // The stack library is TypeScript; compile it on load the way tools/run.js does.
  process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', '..', 'tsconfig.json');
  require('@swc-node/register');
  const { startStack } = require('../../deploy/local/src/index.ts');

  const name = process.env.TRIBUTARY_STACK_NAME ?? 'test';
  const started = Date.now();
  const info = await startStack({ name, log: (line) => process.stderr.write(`[stack:${name}] ${line}\n`) });
  Object.assign(process.env, info.env);
  process.env.TRIBUTARY_STACK_NAME = name;
  process.stderr.write(`[stack:${name}] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(info.env).map(([key, value]) => `${key}=${value}`).join(' ')}\n`);
};
