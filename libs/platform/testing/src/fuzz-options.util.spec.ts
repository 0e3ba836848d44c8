import { DEFAULT_FUZZ_SEED, fuzzOptions } from './fuzz-options.util';

describe('fuzzOptions', () => {
  it('uses the fixed seed and the suite’s run count unless the environment overrides them', () => {
    expect(fuzzOptions(10_000, {})).toEqual({ seed: DEFAULT_FUZZ_SEED, numRuns: 10_000 });
    expect(fuzzOptions(10_000, { FUZZ_SEED: '-42', FUZZ_RUNS: '250' })).toEqual({ seed: -42, numRuns: 250 });
  });

  it('refuses an override that is not an integer rather than running nothing', () => {
    expect(() => fuzzOptions(10, { FUZZ_RUNS: '0' })).toThrow('FUZZ_RUNS must be an integer of at least 1, got 0');
    expect(() => fuzzOptions(10, { FUZZ_SEED: 'abc' })).toThrow('FUZZ_SEED must be an integer, got abc');
  });
});
