import { performance } from 'node:perf_hooks';
import { TOPICS } from '@tributary/contracts';
import type { ContractPublisher } from '@tributary/platform-kafka';
import type { Message } from 'kafkajs';
import type { Client } from 'pg';
import { produceInBatches } from './bench-kafka.util';
import type { DeadLetterWatch } from './dead-letter.watch';
import { pollUntil } from './wait.util';

export interface ThroughputResult {
  readonly records: number;
  readonly distinct: number;
  readonly produceMs: number;
  /** From the first send until every distinct message was stored (or dead-lettered). */
  readonly doneMs: number;
  readonly stored: number;
  readonly deadLettered: number;
}

export interface ThroughputRun {
  readonly publisher: ContractPublisher;
  readonly client: Client;
  readonly deadLetters: DeadLetterWatch;
  readonly messages: readonly Message[];
  readonly distinct: number;
  /** This phase's tenants. */
  readonly tenantIds: readonly string[];
  readonly batchSize: number;
  readonly log: (line: string) => void;
}

/** Stored messages of these tenants; by tenant list, so the (tenant_id, dedupe_key) index answers it cheaply. */
export async function countStored(client: Client, tenantIds: readonly string[]): Promise<number> {
  const { rows } = await client.query<{ count: string }>('SELECT count(*) AS count FROM messages WHERE tenant_id = ANY($1)', [tenantIds]);
  return Number(rows[0]?.count ?? 0);
}

/**
 * Router throughput: every record onto tributary.inbound.v1 as fast as acknowledged batches go,
 * then the time until the router has stored every distinct message. Assumes the router does at
 * least 40 messages/s; stops with an error when nothing moves for two minutes.
 */
export async function measureRouterThroughput(run: ThroughputRun): Promise<ThroughputResult> {
  const { messages, distinct, log } = run;
  const started = performance.now();
  const produceMs = await produceInBatches((batch) => run.publisher.sendRaw(TOPICS.inbound, batch), messages, run.batchSize, (sent) =>
    log(`router: produced ${sent}/${messages.length} to ${TOPICS.inbound}`),
  );
  let stored = 0;
  await pollUntil({
    what: `the router to store ${distinct} distinct messages`,
    read: async () => {
      stored = await countStored(run.client, run.tenantIds);
      return stored + run.deadLetters.count;
    },
    target: distinct,
    timeoutMs: 120_000 + distinct * 25,
    stallMs: 120_000,
    intervalMs: 250,
    progressEveryMs: 5_000,
    onProgress: (count) => {
      const seconds = (performance.now() - started) / 1000;
      log(`router: stored ${count}/${distinct} after ${seconds.toFixed(1)} s (${Math.round(count / seconds)} msg/s)`);
    },
  });
  const doneMs = performance.now() - started;
  return { records: messages.length, distinct, produceMs, doneMs, stored, deadLettered: run.deadLetters.count };
}
