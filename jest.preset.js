// Shared jest settings: swc compiles TypeScript (fast on two cores, keeps decorator metadata for
// Nest), and the workspace's path aliases are read from tsconfig.base.json so tests import libs
// exactly as the apps do.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

// Every jest run writes its JSON results here (see each project.json); the test command adds them up.
fs.mkdirSync(path.join(__dirname, '.local', 'test-results'), { recursive: true });

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
    path.join(__dirname, target),
  ]),
);

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** Unit tests: `*.spec.ts` beside the code, no servers. */
function unitConfig(projectRoot, displayName) {
  return {
    displayName,
    rootDir: projectRoot,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': swcTransform },
    moduleNameMapper,
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '\\.integration\\.spec\\.ts$'],
    clearMocks: true,
  };
}

/** Where the integration suites run in TRIBUTARY_TEST_ORDER's order (reverse, shuffle:<seed>), when set. */
const integrationTestSequencer = path.join(__dirname, 'tools/jest/test-order-sequencer.js');

/**
 * Integration tests: `test/**\/*.integration.spec.ts`, against the real local stack, except the
 * suites that time real faults, under `test/faults/`: those are `faultSuitesConfig`'s.
 */
function integrationConfig(projectRoot, displayName) {
  return {
    ...unitConfig(projectRoot, `${displayName}:integration`),
    testMatch: ['<rootDir>/test/**/*.integration.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
    globalSetup: path.join(__dirname, 'tools/jest/stack-global-setup.js'),
    testSequencer: integrationTestSequencer,
    testTimeout: 60_000,
    maxWorkers: 1,
  };
}

/**
 * A project's `integration-faults` target: the suites under `test/faults/` that time real faults
 * (killed and frozen processes, outages). The test command runs them after every other suite, one
 * project at a time, so the timeouts and readiness they wait for share the cores with nothing else.
 */
function faultSuitesConfig(projectRoot, displayName) {
  const config = integrationConfig(projectRoot, displayName);
  return {
    ...config,
    displayName: `${displayName}:integration-faults`,
    testMatch: ['<rootDir>/test/faults/**/*.integration.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
  };
}

module.exports = { unitConfig, integrationConfig, faultSuitesConfig, integrationTestSequencer, swcTransform, moduleNameMapper };
