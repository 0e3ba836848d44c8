import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentPid } from '@tributary/local-stack';
import { benchKafka } from '../bench-kafka.util';
import { CleanupStack } from '../cleanup-stack';
import { cpuBetween, cpuSnapshot, type CpuSplit } from '../cpu-split';
import { processMemory, type ProcessMemory } from '../resource-sampler';
import { describeInboundTopic, type InboundTopicDurability } from './inbound-topic.durability';
import { InboundTopicTally, type InboundVerification } from './inbound-topic.tally';
import { runOpenLoop, type LoadResult } from './open-loop.load';
import { startSocialIngest } from './social-ingest-under-bench';
import type { WebhookBenchOptions } from './webhook-bench.options';
import { buildWhatsappWorkload } from './whatsapp-webhook.workload';

/** Where the bench runs: a started local stack (Kafka and PostgreSQL; DATABASE_URL in process.env). */
export interface BenchTarget {
  readonly stackName: string;
  readonly brokers: string;
}

/** Whatever the run measured; a phase that failed or never ran is missing. */
export interface WebhookBenchResult {
  readonly options: WebhookBenchOptions;
  readonly context: { stack: string; tenantId: string; cpus: number; load: [number, number]; node: string; appPid?: number; appLog?: string };
  durability?: InboundTopicDurability;
  warmup?: LoadResult;
  measured?: LoadResult;
  verification?: InboundVerification;
  memory?: { before: ProcessMemory | undefined; after: ProcessMemory | undefined };
  /** Where the machine's CPU went during the measured run. */
  cpu?: CpuSplit;
  /** Set when a phase could not finish: the figures are partial and the run failed. */
  incomplete?: string;
}

/** The CPU split's name for the app's process. */
export const SOCIAL_INGEST_CPU_GROUP = 'social-ingest';

/** Duplicates arriving after the last acknowledged message get this long to show up. */
const SETTLE_MS = 2_000;

/**
 * Boots social-ingest on `target`, posts the warm-up and the measured run of signed WhatsApp
 * webhooks open-loop, then checks every acknowledged message is on the inbound topic exactly once.
 * Never throws for the service's sake: failures are counted, and a phase that cannot finish is
 * reported in `incomplete`. Always stops the app and drops its database.
 */
export async function runWebhookBench(options: WebhookBenchOptions, target: BenchTarget, log: (line: string) => void): Promise<WebhookBenchResult> {
  const tenantId = `wbench-${randomBytes(4).toString('hex')}`;
  const result: WebhookBenchResult = {
    options,
    context: { stack: target.stackName, tenantId, cpus: cpus().length, load: [loadavg()[0] ?? 0, 0], node: process.version },
  };
  const cleanup = new CleanupStack();
  try {
    await measure(options, target, result, cleanup, log);
  } catch (error) {
    result.incomplete = error instanceof Error ? error.message : String(error);
    log(`error: ${result.incomplete}`);
  } finally {
    await cleanup.runAll(log);
    result.context.load[1] = loadavg()[0] ?? 0;
  }
  return result;
}

async function measure(options: WebhookBenchOptions, target: BenchTarget, result: WebhookBenchResult, cleanup: CleanupStack, log: (line: string) => void): Promise<void> {
  const { tenantId } = result.context;
  const blobDirectory = await mkdtemp(join(tmpdir(), 'social-webhook-bench-'));
  cleanup.push('remove the blob directory', () => rm(blobDirectory, { recursive: true, force: true }));
  const kafka = benchKafka(target.brokers);

  log('booting social-ingest as its own process on a fresh database');
  const social = await startSocialIngest({ kafka, brokers: target.brokers, tenantId, blobDirectory });
  cleanup.push('stop social-ingest and drop its database', () => social.close(), 90_000);
  result.context.appPid = social.app.pid;
  result.context.appLog = social.app.logFile;
  log(`social-ingest ready at ${social.app.baseUrl} (pid ${social.app.pid}), tenant ${tenantId}`);
  result.durability = await describeInboundTopic(kafka);

  const tally = new InboundTopicTally(tenantId);
  await tally.start(kafka);
  cleanup.push('stop the inbound topic consumer', () => tally.stop());

  const workload = (seconds: number, label: string): ReturnType<typeof buildWhatsappWorkload> =>
    buildWhatsappWorkload({ count: options.rate * seconds, senders: options.senders, number: social.number, appSecret: social.appSecret, label });
  const warmupWebhooks = workload(options.warmupSeconds, 'w');
  const measuredWebhooks = workload(options.seconds, 'm');
  const load = (webhooks: typeof warmupWebhooks, phase: string): Promise<LoadResult> =>
    runOpenLoop({
      url: social.webhookUrl,
      webhooks,
      rate: options.rate,
      timeoutMs: options.timeoutMs,
      onProgress: (sent, answered) => log(`${phase}: ${sent}/${webhooks.length} sent, ${answered} answered`),
    });

  const memoryBefore = processMemory(social.app.pid);
  if (warmupWebhooks.length > 0) {
    log(`warm-up: ${warmupWebhooks.length} webhooks at ${options.rate}/s`);
    result.warmup = await load(warmupWebhooks, 'warm-up');
  }
  // componentPid, not stackComponentPid: with DATABASE_URL set (as here) stackStatus reports PostgreSQL as external, without a pid.
  const cpuGroups = {
    'bench client (this process)': { pid: process.pid },
    [SOCIAL_INGEST_CPU_GROUP]: { pid: social.app.pid },
    'PostgreSQL (all backends)': { pid: componentPid(target.stackName, 'postgres'), children: true },
    'Kafka broker': { pid: componentPid(target.stackName, 'kafka') },
  };
  log(`measured run: ${measuredWebhooks.length} webhooks at ${options.rate}/s for ${options.seconds} s`);
  const cpuBefore = cpuSnapshot(cpuGroups);
  result.measured = await load(measuredWebhooks, 'measured');
  result.cpu = cpuBetween(cpuBefore, cpuSnapshot(cpuGroups));
  result.memory = { before: memoryBefore, after: processMemory(social.app.pid) };

  log('verifying the inbound topic');
  const acknowledged = new Set([...(result.warmup?.acknowledged ?? []), ...result.measured.acknowledged]);
  const sent = new Set([...warmupWebhooks, ...measuredWebhooks].map((webhook) => webhook.dedupeKey));
  result.verification = await tally.verify(acknowledged, sent, SETTLE_MS, log);
}
