import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Kafka, Message } from 'kafkajs';
import type { Client } from 'pg';
import { consumeFromNow, produceInBatches } from './bench-kafka.util';
import { pollUntil } from './wait.util';

export interface KafkaCeiling {
  readonly records: number;
  readonly produceMs: number;
  /** From the first send until the consumer held the last record. */
  readonly produceAndConsumeMs: number;
}

export interface PostgresCeiling {
  readonly rows: number;
  readonly inserted: number;
  readonly ms: number;
}

/** Partitions of the scratch topic: the router's topics get KAFKA_TOPIC_PARTITIONS, default 6. */
const SCRATCH_PARTITIONS = 6;

/**
 * What the broker alone manages with these records: batched, acknowledged (acks=-1, idempotent,
 * one request in flight, as ContractPublisher sends) into a scratch topic, consumed back with
 * eachBatch by a consumer that joined before the first send. The topic is deleted afterwards.
 */
export async function measureKafkaCeiling(kafka: Kafka, messages: readonly Message[], batchSize: number, log: (line: string) => void): Promise<KafkaCeiling> {
  const topic = `bench.raw.${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  let consumed = 0;
  let lastConsumedAt = 0;
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: SCRATCH_PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
    const consumer = await consumeFromNow(kafka, topic, (batch, receivedAt) => {
      consumed += batch.length;
      lastConsumedAt = receivedAt;
    });
    try {
      await producer.connect();
      const started = performance.now();
      const produceMs = await produceInBatches(
        async (batch) => {
          await producer.send({ topic, acks: -1, messages: batch });
        },
        messages,
        batchSize,
        (sent) => log(`raw Kafka: produced ${sent}/${messages.length}`),
      );
      await pollUntil({ what: `the scratch consumer to read ${messages.length} records`, read: () => Promise.resolve(consumed), target: messages.length, timeoutMs: 120_000, stallMs: 30_000, intervalMs: 20 });
      return { records: messages.length, produceMs, produceAndConsumeMs: lastConsumedAt - started };
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch((error: unknown) => log(`could not delete ${topic}: ${String(error)}`));
    await admin.disconnect();
  }
}

/**
 * What PostgreSQL alone manages: the same rows upserted into a scratch table keyed like messages
 * (tenant, dedupe key), one INSERT … ON CONFLICT DO NOTHING statement per batch, autocommitted.
 */
export async function measurePostgresCeiling(
  client: Client,
  rows: readonly { tenantId: string; dedupeKey: string; payload: string }[],
  batchSize: number,
): Promise<PostgresCeiling> {
  await client.query('CREATE TABLE bench_raw_rows (tenant_id text NOT NULL, dedupe_key text NOT NULL, payload jsonb NOT NULL, PRIMARY KEY (tenant_id, dedupe_key))');
  try {
    let inserted = 0;
    const started = performance.now();
    for (let offset = 0; offset < rows.length; offset += batchSize) {
      const batch = rows.slice(offset, offset + batchSize);
      const result = await client.query(
        `INSERT INTO bench_raw_rows (tenant_id, dedupe_key, payload)
         SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) ON CONFLICT DO NOTHING`,
        [batch.map((row) => row.tenantId), batch.map((row) => row.dedupeKey), batch.map((row) => row.payload)],
      );
      inserted += result.rowCount ?? 0;
    }
    return { rows: rows.length, inserted, ms: performance.now() - started };
  } finally {
    await client.query('DROP TABLE bench_raw_rows');
  }
}
