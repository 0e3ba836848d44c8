import { performance } from 'node:perf_hooks';
import { startStack, stopStack } from '@tributary/local-stack';
import { withTimeout } from '../wait.util';
import { runWebhookBench } from './webhook-bench';
import { parseWebhookBenchArgs, WEBHOOK_BENCH_HELP, WebhookBenchUsageError, type WebhookBenchOptions } from './webhook-bench.options';
import { benchProblems, renderWebhookBenchReport, renderWebhookBenchSummary } from './webhook-bench.report';

const STACK = 'bench-social';
const began = performance.now();
const log = (line: string): void => {
  process.stdout.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
};

async function main(argv: readonly string[]): Promise<number> {
  let options: WebhookBenchOptions;
  try {
    options = parseWebhookBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof WebhookBenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${WEBHOOK_BENCH_HELP}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(WEBHOOK_BENCH_HELP);
    return 0;
  }
  log(`starting (or reusing) the "${STACK}" stack: Kafka and PostgreSQL`);
  const stack = await withTimeout(`the "${STACK}" stack to start`, 300_000, startStack({ name: STACK, components: ['kafka', 'postgres'], log: (line) => log(`stack: ${line}`) }));
  const brokers = stack.env['KAFKA_BROKERS'];
  try {
    if (!brokers || !stack.env['DATABASE_URL']) throw new Error(`the "${STACK}" stack started without Kafka or PostgreSQL`);
    // As the integration suites' global setup does: the app process and its database helper read these.
    Object.assign(process.env, stack.env);
    const results = await runWebhookBench(options, { stackName: STACK, brokers }, log);
    for (const result of results) process.stdout.write(renderWebhookBenchReport(result));
    if (results.length > 1) process.stdout.write(renderWebhookBenchSummary(results));
    return results.every((result) => benchProblems(result).length === 0) ? 0 : 1;
  } finally {
    if (!options.keepStack) await stopStack({ name: STACK, log: (line) => log(`stack: ${line}`) });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
