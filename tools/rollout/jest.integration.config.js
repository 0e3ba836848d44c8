'use strict';
// The rolling restart under load, short (CI): it starts a stack of its own ("rollout-ci"), so it
// needs no global setup and hides the shared stack's DATABASE_URL while it starts it.
const { unitConfig } = require('../../jest.preset.js');

module.exports = {
  ...unitConfig(__dirname, 'rollout:integration'),
  testMatch: ['<rootDir>/**/*.integration.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
