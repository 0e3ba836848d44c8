import { runHarnessCli } from './harness-cli.util';
import { parseRolloutOptions, ROLLOUT_HELP } from './rollout-options';
import { formatRolloutReport } from './rollout-report';
import { runRollingRestart } from './rolling-restart';

runHarnessCli({ help: ROLLOUT_HELP, parse: parseRolloutOptions, run: runRollingRestart, report: formatRolloutReport, clean: (result) => result.verdict.clean });
