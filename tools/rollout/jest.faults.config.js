'use strict';
// The rolling restart under load and the soak, short (CI), the project's `integration-faults` target: each starts a stack of its own
// ("rollout-ci", "soak-ci", or "<TRIBUTARY_STACK_NAME>-rollout" and "-soak"), so they need no global
// setup and hide the shared stack's DATABASE_URL while they start it.
const { integrationTestSequencer, unitConfig } = require('../../jest.preset.js');

module.exports = {
  ...unitConfig(__dirname, 'rollout:integration-faults'),
  testMatch: ['<rootDir>/**/*.integration.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testSequencer: integrationTestSequencer,
  testTimeout: 300_000,
  maxWorkers: 1,
};
