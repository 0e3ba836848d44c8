import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchKafka } from '../bench-kafka.util';
import { CleanupStack } from '../cleanup-stack';
import { describeInboundTopic } from './inbound-topic.durability';
import { InboundTopicTally } from './inbound-topic.tally';
import { benchProviderWebhooks } from './provider-webhook.bench';
import { providerWorkloads } from './provider-workloads';
import { startSocialIngest } from './social-ingest-under-bench';
import type { WebhookBenchOptions } from './webhook-bench.options';
import type { BenchTarget, WebhookBenchResult } from './webhook-bench.result';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Boots one social-ingest serving every provider of `options` (each account for its own tenant),
 * then benchmarks the providers one after the other (see benchProviderWebhooks): one result per
 * provider, in the options' order. Never throws for the service's sake: failures are counted, and a
 * phase that cannot finish is reported in that provider's `incomplete` (a failed boot in every
 * provider's). Always stops the app and drops its database.
 */
export async function runWebhookBench(options: WebhookBenchOptions, target: BenchTarget, log: (line: string) => void): Promise<WebhookBenchResult[]> {
  const runId = randomBytes(4).toString('hex');
  const workloads = providerWorkloads(options.providers, runId);
  const load = loadavg()[0] ?? 0;
  const results = workloads.map(
    ({ provider, title, requests, retriedBy, tenantId }): WebhookBenchResult => ({
      options,
      workload: { provider, title, requests, retriedBy, tenantId },
      context: { stack: target.stackName, cpus: cpus().length, load: [load, load], node: process.version, serving: options.providers },
    }),
  );
  const cleanup = new CleanupStack();
  try {
    const blobDirectory = await mkdtemp(join(tmpdir(), 'social-webhook-bench-'));
    cleanup.push('remove the blob directory', () => rm(blobDirectory, { recursive: true, force: true }));
    const kafka = benchKafka(target.brokers);

    log(`booting social-ingest as its own process on a fresh database, serving ${options.providers.join(', ')}`);
    const social = await startSocialIngest({ kafka, brokers: target.brokers, runId, blobDirectory, workloads });
    cleanup.push('stop social-ingest and drop its database', () => social.close(), 90_000);
    log(`social-ingest ready at ${social.app.baseUrl} (pid ${social.app.pid}), tenants ${workloads.map((workload) => workload.tenantId).join(', ')}`);
    const durability = await describeInboundTopic(kafka);
    for (const result of results) {
      result.durability = durability;
      result.context.appPid = social.app.pid;
      result.context.appLog = social.app.logFile;
    }

    const tally = new InboundTopicTally(workloads.map((workload) => workload.tenantId));
    await tally.start(kafka);
    cleanup.push('stop the inbound topic consumer', () => tally.stop());

    for (const [index, workload] of workloads.entries()) {
      const result = results[index] as WebhookBenchResult;
      try {
        await benchProviderWebhooks({ workload, app: social.app, tally, target, result, log });
      } catch (error) {
        result.incomplete = messageOf(error);
        log(`${workload.provider}: error: ${result.incomplete}`);
      }
    }
  } catch (error) {
    const message = messageOf(error);
    log(`error: ${message}`);
    for (const result of results) if (result.verification === undefined) result.incomplete ??= message;
  } finally {
    await cleanup.runAll(log);
  }
  return results;
}
