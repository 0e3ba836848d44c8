import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTestTotals } from './test-results.util';

describe('readTestTotals', () => {
  it('adds up every jest result file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'results-'));
    writeFileSync(join(dir, 'a.test.json'), JSON.stringify({ numPassedTests: 3, numFailedTests: 1, numTotalTestSuites: 2 }));
    writeFileSync(join(dir, 'b.integration.json'), JSON.stringify({ numPassedTests: 4, numFailedTests: 0, numTotalTestSuites: 1 }));
    expect(readTestTotals(dir)).toEqual({ passed: 7, failed: 1, suites: 3 });
  });

  it('counts nothing when no suite ran', () => {
    expect(readTestTotals(join(tmpdir(), 'no-such-results-dir'))).toEqual({ passed: 0, failed: 0, suites: 0 });
  });
});
