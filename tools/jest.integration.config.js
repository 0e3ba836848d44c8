'use strict';
// The benchmarks' short versions (CI), against the shared test stack like every integration suite.
const path = require('node:path');
const { integrationTestSequencer, unitConfig } = require('../jest.preset.js');

module.exports = {
  ...unitConfig(__dirname, 'tools:integration'),
  testMatch: ['<rootDir>/bench/**/*.integration.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: path.join(__dirname, 'jest/stack-global-setup.js'),
  testSequencer: integrationTestSequencer,
  testTimeout: 300_000,
  maxWorkers: 1,
};
