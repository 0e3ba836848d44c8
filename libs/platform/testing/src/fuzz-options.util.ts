/** The seed every fuzz suite uses unless FUZZ_SEED says otherwise, so CI runs are repeatable. */
export const DEFAULT_FUZZ_SEED = 20261207;

export interface FuzzOptions {
  readonly seed: number;
  readonly numRuns: number;
}

/**
 * fast-check's seed and run count for one property: a fixed seed by default, so a CI failure is
 * the same failure on a laptop; `FUZZ_SEED` replays (or varies) it and `FUZZ_RUNS` scales every
 * suite up for a long local run or down while debugging. fast-check prints the seed and the
 * counterexample path on failure, which is all a rerun needs.
 */
export function fuzzOptions(defaultRuns: number, env: NodeJS.ProcessEnv = process.env): FuzzOptions {
  return { seed: integerOr(env['FUZZ_SEED'], DEFAULT_FUZZ_SEED, 'FUZZ_SEED'), numRuns: integerOr(env['FUZZ_RUNS'], defaultRuns, 'FUZZ_RUNS') };
}

function integerOr(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  // A typo must not silently turn a 10,000-run property into a 0-run one that always passes.
  if (!Number.isSafeInteger(value) || (name === 'FUZZ_RUNS' && value < 1)) throw new Error(`${name} must be an integer${name === 'FUZZ_RUNS' ? ' of at least 1' : ''}, got ${raw}`);
  return value;
}
