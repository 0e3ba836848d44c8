import { BenchUsageError, parseBenchArgs } from './bench-options';

describe('parseBenchArgs', () => {
  it('has defaults', () => {
    expect(parseBenchArgs([])).toEqual({ messages: 20_000, rate: 1_000, seconds: 10, batchSize: 500, seed: 1, keepStack: false, out: 'docs/benchmarks/router-bench.txt', help: false });
  });

  it('reads both --flag N and --flag=N', () => {
    expect(parseBenchArgs(['--messages', '2000', '--rate=500', '--seconds', '5', '--keep-stack', '--out', '/tmp/bench.txt'])).toMatchObject({
      messages: 2_000,
      rate: 500,
      seconds: 5,
      keepStack: true,
      out: '/tmp/bench.txt',
    });
  });

  it('recognizes --help and -h', () => {
    expect(parseBenchArgs(['--help']).help).toBe(true);
    expect(parseBenchArgs(['-h']).help).toBe(true);
  });

  it.each([[['--messages']], [['--messages', 'many']], [['--rate', '0']], [['--seconds', '1.5']], [['--verbose']], [['--out']]])('refuses %j', (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
  });
});
