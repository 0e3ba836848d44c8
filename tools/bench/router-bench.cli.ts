import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { InboundMessageV1, TOPICS, parseContract } from '@tributary/contracts';
import { startStack, stopStack } from '@tributary/local-stack';
import { ContractPublisher } from '@tributary/platform-kafka';
import { benchKafka, inboundRecord } from './bench-kafka.util';
import { createBenchDatabase, readDurability, readOutboxUpdates } from './bench-database';
import { BENCH_HELP, BenchUsageError, parseBenchArgs, type BenchOptions } from './bench-options';
import { renderReport, type BenchResults } from './bench-report';
import { CleanupStack } from './cleanup-stack';
import { checkCorrectness, countUnpublished, type CorrectnessReport } from './correctness-check';
import { cpuBetween, cpuSnapshot } from './cpu-split';
import { DeadLetterWatch } from './dead-letter.watch';
import { probeLatency } from './latency-probe';
import { generateMessageMix } from './message-mix';
import { PgActivitySampler } from './pg-activity.sampler';
import { measureKafkaCeiling, measurePostgresCeiling } from './raw-ceilings';
import { processMemory, RssSampler, stackComponentPid } from './resource-sampler';
import { batchStatsBetween, readBatchStats, type BatchStats } from './router-metrics.util';
import { startRouter } from './router-session';
import { measureRouterThroughput } from './router-throughput';
import { ROUTER_CONSUMER_GROUP } from './router-under-bench';
import { profileIngest } from './sql-profile';
import { pollUntil, withTimeout } from './wait.util';

const STACK = 'bench';
const TENANTS = 5;
const began = performance.now();
const log = (line: string): void => {
  process.stdout.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
};
const tenants = (prefix: string, phase: string): string[] => Array.from({ length: TENANTS }, (_, index) => `${prefix}-${phase}${index}`);

async function waitForOutbox(client: Parameters<typeof countUnpublished>[0], pattern: string): Promise<void> {
  await pollUntil({
    what: 'the outbox relay to publish every ticket event of this run',
    read: async () => -(await countUnpublished(client, pattern)),
    target: 0,
    timeoutMs: 180_000,
    stallMs: 30_000,
    intervalMs: 200,
    progressEveryMs: 5_000,
    onProgress: (negative) => log(`outbox: ${-negative} events waiting for the relay`),
  });
}

/** Runs the phases in order, filling `results` as each one finishes; throws when one cannot. */
async function runBench(options: BenchOptions, cleanup: CleanupStack, results: BenchResults): Promise<void> {
  log(`starting (or reusing) the "${STACK}" stack: Kafka and PostgreSQL`);
  if (!options.keepStack) cleanup.push(`stop the "${STACK}" stack`, () => stopStack({ name: STACK, log: (line) => log(`stack: ${line}`) }), 120_000);
  const stack = await withTimeout(`the "${STACK}" stack to start`, 300_000, startStack({ name: STACK, components: ['kafka', 'postgres'], log: (line) => log(`stack: ${line}`) }));
  const brokers = stack.env['KAFKA_BROKERS'];
  const serverUrl = stack.env['DATABASE_URL'];
  if (!brokers || !serverUrl) throw new Error(`the "${STACK}" stack started without Kafka or PostgreSQL`);
  const database = await createBenchDatabase(serverUrl);
  cleanup.push(`drop the database ${database.name}`, () => database.drop());
  results.context.database = database.name;
  results.durability = await readDurability(database.client);
  log(`database ${database.name} created and migrated; brokers ${brokers}`);

  const prefix = results.context.tenantPrefix;
  const mix = generateMessageMix({ messages: options.messages, tenantIds: tenants(prefix, 't'), seed: options.seed });
  for (const record of mix.records) parseContract(InboundMessageV1, record.message);
  const messages = mix.records.map(inboundRecord);
  results.mix = mix;
  log(`mix: ${mix.records.length} records (${mix.distinctMessageIds.size} distinct), ${mix.contacts} customers, tenants ${prefix}-t0..t${TENANTS - 1}; all valid InboundMessage v1`);

  const kafka = benchKafka(brokers);
  log('a. raw Kafka ceiling');
  results.kafka = await measureKafkaCeiling(kafka, messages, options.batchSize, log);
  log('b. raw PostgreSQL ceiling');
  const rows = mix.records.map((record) => ({ tenantId: record.message.tenantId, dedupeKey: record.message.dedupeKey, payload: JSON.stringify(record.message) }));
  results.postgres = await measurePostgresCeiling(database.client, rows, options.batchSize);

  log('c. router throughput: booting the router in this process');
  const router = await startRouter(kafka, { brokers, databaseUrl: database.url }, log);
  const stopRouter = cleanup.push('stop the router', () => router.close(), 90_000);
  const publisher = new ContractPublisher(kafka);
  cleanup.push('close the producer', () => publisher.close());
  const deadLetters = new DeadLetterWatch(prefix);
  await deadLetters.start(kafka);
  cleanup.push('stop the dead-letter consumer', () => deadLetters.stop());
  const noteReasons = (): void => {
    results.deadLetterReasons = countReasons(deadLetters.reasons.values());
  };
  const batchStats = async (): Promise<BatchStats> => readBatchStats((await router.get('/metrics')).body, ROUTER_CONSUMER_GROUP, TOPICS.inbound);
  const activity = new PgActivitySampler(database.url);
  await activity.start();
  const stopActivity = cleanup.push('stop sampling pg_stat_activity', () => activity.stop());
  const before = await batchStats();
  const cpuGroups = {
    'this process (bench + router)': { pid: process.pid },
    'PostgreSQL (all backends)': { pid: await stackComponentPid(STACK, 'postgres'), children: true },
    'Kafka broker': { pid: await stackComponentPid(STACK, 'kafka') },
  };
  const cpuBefore = cpuSnapshot(cpuGroups);
  const throughput = await measureRouterThroughput({
    publisher,
    client: database.client,
    deadLetters,
    messages,
    distinct: mix.distinctMessageIds.size,
    tenantIds: tenants(prefix, 't'),
    batchSize: options.batchSize,
    log,
  });
  results.throughput = throughput;
  results.cpu = cpuBetween(cpuBefore, cpuSnapshot(cpuGroups));
  results.batches = batchStatsBetween(before, await batchStats());
  await stopActivity();
  results.activity = { samples: activity.samples, shares: activity.shares() };
  noteReasons();
  log(`router: ${throughput.stored} stored, ${throughput.deadLettered} dead-lettered, in ${(throughput.doneMs / 1000).toFixed(1)} s`);
  await waitForOutbox(database.client, `${prefix}-%`);

  log(`d. latency at ${options.rate} msg/s for ${options.seconds} s`);
  const latencyMix = generateMessageMix({ messages: options.rate * options.seconds, tenantIds: tenants(prefix, 'l'), seed: options.seed + 1 });
  const routerRate = Math.max(50, (throughput.records * 1000) / throughput.doneMs);
  results.latency = await probeLatency({
    kafka,
    publisher,
    mix: latencyMix,
    rate: options.rate,
    deadLettered: () => [...deadLetters.reasons.keys()].filter((id) => latencyMix.distinctMessageIds.has(id)).length,
    drainTimeoutMs: 60_000 + (latencyMix.records.length / routerRate) * 2_000,
    log,
  });
  noteReasons();
  await waitForOutbox(database.client, `${prefix}-%`);

  log('e. correctness');
  const produced = new Set([...mix.distinctMessageIds, ...latencyMix.distinctMessageIds]);
  results.correctness = await checkCorrectness(database.client, `${prefix}-%`, produced, new Set(deadLetters.reasons.keys()));
  await stopRouter();

  log('profiling the router SQL per message (router stopped)');
  const profileMix = generateMessageMix({ messages: Math.min(2_000, options.messages), tenantIds: tenants(prefix, 'p'), seed: options.seed + 2 });
  const batchSize = Math.max(1, Math.round(results.batches.records / Math.max(1, results.batches.batches)));
  results.profile = await profileIngest(database.url, profileMix.records, batchSize);
  // Read last: the router's connections have closed by now, and a backend reports its counts when it exits.
  results.outboxUpdates = await readOutboxUpdates(database.client);
}

/** Peak RSS of this process and the broker's RSS, read while the stack still runs. */
async function recordMemory(results: BenchResults, sampler: RssSampler): Promise<void> {
  sampler.stop();
  const brokerPid = await stackComponentPid(STACK, 'kafka').catch(() => undefined);
  results.memory = { peakBytes: sampler.peakBytes, kernelPeakBytes: sampler.kernelPeakBytes, broker: brokerPid === undefined ? undefined : processMemory(brokerPid) };
  results.context.load[1] = loadavg()[0] ?? 0;
}

function countReasons(reasons: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of reasons) {
    const short = reason.length > 160 ? `${reason.slice(0, 157)}…` : reason;
    counts[short] = (counts[short] ?? 0) + 1;
  }
  return counts;
}

/** Every count that must be 0; dead letters among them, since the mix is all valid input. */
function violations(report: CorrectnessReport, duplicateEvents: number): number {
  return (
    report.lost + report.duplicateKeys + report.duplicateMessages + report.duplicateOpenTickets + report.sequenceGaps + report.unpublishedEvents + report.deadLettered + duplicateEvents
  );
}

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${BENCH_HELP}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(BENCH_HELP);
    return 0;
  }
  const cleanup = new CleanupStack();
  const sampler = new RssSampler();
  sampler.start();
  const results: BenchResults = {
    options,
    context: { stack: STACK, database: '(none)', tenantPrefix: `bench-${randomBytes(4).toString('hex')}`, cpus: cpus().length, load: [loadavg()[0] ?? 0, 0], node: process.version },
  };
  process.once('SIGINT', () => {
    log('interrupted: cleaning up');
    void cleanup.runAll(log).finally(() => process.exit(130));
  });
  let failure: string | undefined;
  try {
    await runBench(options, cleanup, results);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    log(`error: ${failure}`);
  }
  await recordMemory(results, sampler);
  await cleanup.runAll(log);
  const report = renderReport(results);
  process.stdout.write(report);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, report);
  process.stdout.write(`\nreport written to ${options.out}\n`);
  const broken = results.correctness ? violations(results.correctness, results.latency?.duplicateEvents ?? 0) : 0;
  if (broken > 0) process.stdout.write(`\nCORRECTNESS VIOLATIONS: ${broken} (see e. above)\n`);
  if (failure) process.stdout.write(`\nINCOMPLETE: ${failure}\n`);
  return failure || broken > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
