import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface TestTotals {
  readonly passed: number;
  readonly failed: number;
  readonly suites: number;
}

interface JestJsonResult {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTestSuites: number;
}

/** Adds up the JSON results every jest run writes to .local/test-results/. */
export function readTestTotals(dir: string): TestTotals {
  if (!existsSync(dir)) return { passed: 0, failed: 0, suites: 0 };
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as JestJsonResult)
    .reduce<TestTotals>(
      (totals, result) => ({
        passed: totals.passed + result.numPassedTests,
        failed: totals.failed + result.numFailedTests,
        suites: totals.suites + result.numTotalTestSuites,
      }),
      { passed: 0, failed: 0, suites: 0 },
    );
}
