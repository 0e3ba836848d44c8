'use strict';
const { integrationTestSequencer, unitConfig } = require('../../jest.preset.js');

// The runtime closure boots every app as a process against unreachable servers: it needs no stack,
// so it does not use the shared stack global setup; one app at a time on two cores.
module.exports = {
  ...unitConfig(__dirname, 'docker-images:integration'),
  testMatch: ['<rootDir>/test/**/*.integration.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testSequencer: integrationTestSequencer,
  testTimeout: 180_000,
  maxWorkers: 1,
};
