import { HarnessUsageError } from './harness-usage.error';
import { DEFAULT_ROLLOUT_OPTIONS, parseRolloutOptions } from './rollout-options';

describe('parseRolloutOptions', () => {
  it('takes the defaults without options and each option over its default', () => {
    expect(parseRolloutOptions([])).toEqual(DEFAULT_ROLLOUT_OPTIONS);
    expect(parseRolloutOptions(['--rate', '2.5', '--duration', '30', '--warmup', '0', '--passes', '2', '--stack', 'rollout-ci', '--keep-stack'])).toEqual({
      ...DEFAULT_ROLLOUT_OPTIONS,
      rate: 2.5,
      durationSeconds: 30,
      warmupSeconds: 0,
      passes: 2,
      stack: 'rollout-ci',
      keepStack: true,
    });
  });

  it.each([
    [['--rate', '0'], '--rate takes a positive number, got "0"'],
    [['--duration', '1.5'], '--duration takes a whole number, got "1.5"'],
    [['--customers'], '--customers takes a whole number, got ""'],
    [['--stack', 'Bad Name'], '--stack takes a name of lower-case letters, digits and dashes, got "Bad Name"'],
    [['--fast'], 'unknown option "--fast"'],
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parseRolloutOptions(argv)).toThrow(new HarnessUsageError(message));
  });
});
