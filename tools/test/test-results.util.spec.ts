import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTestTotals } from './test-results.util';

describe('readTestTotals', () => {
  it('adds up every jest result file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'results-'));
    writeFileSync(join(dir, 'a.test.json'), JSON.stringify({ numPassedTests: 3, numFailedTests: 1, numTotalTestSuites: 2 }));
    writeFileSync(join(dir, 'b.integration.json'), JSON.stringify({ numPassedTests: 4, numFailedTests: 0, numTotalTestSuites: 1 }));
    expect(readTestTotals(dir)).toMatchObject({ passed: 7, failed: 1, suites: 3 });
  });

  it('names each failed test with its file and the first line of its failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'results-'));
    writeFileSync(
      join(dir, 'router.integration.json'),
      JSON.stringify({
        numPassedTests: 1,
        numFailedTests: 1,
        numTotalTestSuites: 1,
        testResults: [
          {
            name: '/repo/apps/router/test/a.integration.spec.ts',
            status: 'failed',
            assertionResults: [
              { status: 'passed', fullName: 'router stores a mail' },
              { status: 'failed', fullName: 'router announces it once', failureMessages: ['\u001b[31mError: expect(received).toHaveLength(expected)\u001b[39m\n\nExpected length: 1'] },
            ],
          },
        ],
      }),
    );
    expect(readTestTotals(dir, '/repo').failures).toEqual([
      'apps/router/test/a.integration.spec.ts › router announces it once: Error: expect(received).toHaveLength(expected)',
    ]);
  });

  it('names a suite that could not run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'results-'));
    writeFileSync(
      join(dir, 'chat.integration.json'),
      JSON.stringify({
        numPassedTests: 0,
        numFailedTests: 0,
        numTotalTestSuites: 1,
        testResults: [{ name: '/repo/apps/chat/test/b.integration.spec.ts', status: 'failed', message: '  ● Test suite failed to run\n\n    Cannot find module x' }],
      }),
    );
    expect(readTestTotals(dir, '/repo').failures).toEqual(['apps/chat/test/b.integration.spec.ts: Cannot find module x']);
  });

  it('counts nothing when no suite ran', () => {
    expect(readTestTotals(join(tmpdir(), 'no-such-results-dir'))).toEqual({ passed: 0, failed: 0, suites: 0, failures: [] });
  });
});
