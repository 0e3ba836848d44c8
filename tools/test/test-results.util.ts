import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface TestTotals {
  readonly passed: number;
  readonly failed: number;
  readonly suites: number;
  /** One line per failed test or suite that could not run, so the last lines of a CI log name them. */
  readonly failures: readonly string[];
}

interface JestAssertionResult {
  status: string;
  fullName: string;
  failureMessages?: string[];
}

interface JestSuiteResult {
  name: string;
  status: string;
  message?: string;
  assertionResults?: JestAssertionResult[];
}

interface JestJsonResult {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTestSuites: number;
  testResults?: JestSuiteResult[];
}

const FAILURE_LINE_LIMIT = 300;

/** Adds up the JSON results every jest run writes to .local/test-results/. */
export function readTestTotals(dir: string, root = process.cwd()): TestTotals {
  const empty: TestTotals = { passed: 0, failed: 0, suites: 0, failures: [] };
  if (!existsSync(dir)) return empty;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as JestJsonResult)
    .reduce<TestTotals>(
      (totals, result) => ({
        passed: totals.passed + result.numPassedTests,
        failed: totals.failed + result.numFailedTests,
        suites: totals.suites + result.numTotalTestSuites,
        failures: [...totals.failures, ...failuresOf(result, root)],
      }),
      empty,
    );
}

function failuresOf(result: JestJsonResult, root: string): string[] {
  return (result.testResults ?? []).flatMap((suite) => {
    const file = relative(root, suite.name);
    const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failedTests.length === 0) {
      // A suite that failed with no failed test did not run at all: its beforeAll or its import threw.
      return suite.status === 'failed' ? [`${file}: ${firstLine(suite.message)}`] : [];
    }
    return failedTests.map((test) => `${file} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
  });
}

/** The first line that says something, with jest's colour codes removed. */
function firstLine(message: string | undefined): string {
  const plain = (message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').map((text) => text.trim()).find((text) => text !== '' && !text.startsWith('●')) ?? '(no message)';
  return line.length > FAILURE_LINE_LIMIT ? `${line.slice(0, FAILURE_LINE_LIMIT)}…` : line;
}
