import { HarnessUsageError } from './harness-usage.error';

export interface HarnessCli<TOptions, TResult> {
  readonly help: string;
  readonly parse: (argv: readonly string[]) => TOptions;
  readonly run: (options: TOptions, log: (line: string) => void) => Promise<TResult>;
  readonly report: (result: TResult) => string;
  readonly clean: (result: TResult) => boolean;
}

/**
 * The command line every harness shares: --help, a usage error with the help (exit 2), the run with
 * time-stamped progress, its report, and exit 0 only for a clean verdict.
 */
export function runHarnessCli<TOptions, TResult>(cli: HarnessCli<TOptions, TResult>, argv: readonly string[] = process.argv.slice(2)): void {
  main(cli, argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

async function main<TOptions, TResult>(cli: HarnessCli<TOptions, TResult>, argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(cli.help);
    return 0;
  }
  let options: TOptions;
  try {
    options = cli.parse(argv);
  } catch (error) {
    if (!(error instanceof HarnessUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${cli.help}`);
    return 2;
  }
  const started = Date.now();
  const result = await cli.run(options, (line) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`));
  process.stdout.write(`\n${cli.report(result)}`);
  process.stdout.write(`(whole run ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  return cli.clean(result) ? 0 : 1;
}
