import { parseRolloutOptions, ROLLOUT_HELP, RolloutUsageError } from './rollout-options';
import { formatRolloutReport } from './rollout-report';
import { runRollingRestart } from './rolling-restart';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(ROLLOUT_HELP);
    return 0;
  }
  let options;
  try {
    options = parseRolloutOptions(argv);
  } catch (error) {
    if (!(error instanceof RolloutUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${ROLLOUT_HELP}`);
    return 2;
  }
  const started = Date.now();
  const result = await runRollingRestart(options, (line) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`));
  process.stdout.write(`\n${formatRolloutReport(result)}`);
  process.stdout.write(`(whole run ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  return result.verdict.clean ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
