import { loadavg } from 'node:os';
import { componentPid } from '@tributary/local-stack';
import type { AppProcess } from '@tributary/platform-testing';
import { cpuBetween, cpuSnapshot } from '../cpu-split';
import { processMemory } from '../resource-sampler';
import type { BenchWebhook } from './bench-webhook';
import type { InboundTopicTally } from './inbound-topic.tally';
import { runOpenLoop, type LoadResult } from './open-loop.load';
import type { ProviderWorkload } from './provider-workload';
import { SOCIAL_INGEST_CPU_GROUP, type BenchTarget, type WebhookBenchResult } from './webhook-bench.result';

/** Duplicates arriving after the last acknowledged message get this long to show up. */
const SETTLE_MS = 2_000;

export interface ProviderBench {
  readonly workload: ProviderWorkload;
  readonly app: AppProcess;
  /** Counting the topic since before the first webhook of the bench run. */
  readonly tally: InboundTopicTally;
  readonly target: BenchTarget;
  /** Filled in as the phases finish. */
  readonly result: WebhookBenchResult;
  readonly log: (line: string) => void;
}

/**
 * One provider against the running social-ingest: the warm-up and the measured run of its webhooks,
 * open-loop at the options' rate, then every acknowledged message checked on the inbound topic
 * exactly once. Failed requests are counted, not thrown; a phase that cannot finish throws.
 */
export async function benchProviderWebhooks({ workload, app, tally, target, result, log }: ProviderBench): Promise<void> {
  const { options } = result;
  const say = (line: string): void => log(`${workload.provider}: ${line}`);
  result.context.load[0] = loadavg()[0] ?? 0;
  const warmupWebhooks = workload.webhooks({ count: options.rate * options.warmupSeconds, senders: options.senders, label: 'w' });
  const measuredWebhooks = workload.webhooks({ count: options.rate * options.seconds, senders: options.senders, label: 'm' });
  const load = (webhooks: readonly BenchWebhook[], phase: string): Promise<LoadResult> =>
    runOpenLoop({
      url: `${app.baseUrl}${workload.webhookPath}`,
      webhooks,
      rate: options.rate,
      timeoutMs: options.timeoutMs,
      onProgress: (sent, answered) => say(`${phase}: ${sent}/${webhooks.length} sent, ${answered} answered`),
    });

  const memoryBefore = processMemory(app.pid);
  if (warmupWebhooks.length > 0) {
    say(`warm-up: ${warmupWebhooks.length} webhooks at ${options.rate}/s`);
    result.warmup = await load(warmupWebhooks, 'warm-up');
  }
  // componentPid, not stackComponentPid: with DATABASE_URL set (as here) stackStatus reports PostgreSQL as external, without a pid.
  const cpuGroups = {
    'bench client (this process)': { pid: process.pid },
    [SOCIAL_INGEST_CPU_GROUP]: { pid: app.pid },
    'PostgreSQL (all backends)': { pid: componentPid(target.stackName, 'postgres'), children: true },
    'Kafka broker': { pid: componentPid(target.stackName, 'kafka') },
  };
  say(`measured run: ${measuredWebhooks.length} webhooks at ${options.rate}/s for ${options.seconds} s`);
  const cpuBefore = cpuSnapshot(cpuGroups);
  result.measured = await load(measuredWebhooks, 'measured');
  result.cpu = cpuBetween(cpuBefore, cpuSnapshot(cpuGroups));
  result.memory = { before: memoryBefore, after: processMemory(app.pid) };

  say('verifying the inbound topic');
  const acknowledged = new Set([...(result.warmup?.acknowledged ?? []), ...result.measured.acknowledged]);
  const sent = new Set([...warmupWebhooks, ...measuredWebhooks].map((webhook) => webhook.tag));
  result.verification = await tally.verify(workload.tenantId, acknowledged, sent, SETTLE_MS, say);
  result.context.load[1] = loadavg()[0] ?? 0;
}
