import { runHarnessCli } from './harness-cli.util';
import { runSoak } from './soak';
import { parseSoakOptions, SOAK_HELP } from './soak-options';
import { formatSoakReport } from './soak-report';

runHarnessCli({ help: SOAK_HELP, parse: parseSoakOptions, run: runSoak, report: formatSoakReport, clean: (result) => result.verdict.clean });
