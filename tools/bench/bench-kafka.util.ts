import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HEADERS, InboundMessageV1 } from '@tributary/contracts';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer, type KafkaMessage, type Message } from 'kafkajs';
import type { MixRecord } from './message-mix';
import { withTimeout } from './wait.util';

export function benchKafka(brokers: string): Kafka {
  return new Kafka({ ...toKafkaJsConfig({ clientId: 'tributary-bench', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
}

/** The record an ingest writes for this message: key tenant:identity, JSON value, contract headers. */
export function inboundRecord(record: MixRecord): Message {
  return {
    key: record.key,
    value: JSON.stringify(record.message),
    headers: {
      [HEADERS.contract]: InboundMessageV1.name,
      [HEADERS.contractVersion]: String(InboundMessageV1.version),
      [HEADERS.contentType]: 'application/json',
      [HEADERS.traceId]: record.message.traceId,
    },
  };
}

/** Sends `messages` in batches, one acknowledged batch after the other; returns the elapsed ms. */
export async function produceInBatches(
  send: (batch: Message[]) => Promise<void>,
  messages: readonly Message[],
  batchSize: number,
  onProgress?: (sent: number) => void,
): Promise<number> {
  const started = performance.now();
  const every = Math.max(batchSize, Math.round(messages.length / 4 / batchSize) * batchSize);
  for (let sent = 0; sent < messages.length; ) {
    const batch = messages.slice(sent, sent + batchSize);
    await send(batch);
    sent += batch.length;
    if (sent % every === 0 || sent === messages.length) onProgress?.(sent);
  }
  return performance.now() - started;
}

export type BatchListener = (messages: readonly KafkaMessage[], receivedAt: number) => void;

/**
 * A consumer in a new group that starts at the topic's end ("latest"). Resolves only after its
 * first fetch has completed, when its start offsets are fixed: every record produced after that
 * is seen, nothing older is. (admin.setOffsets would pin them too, but joins a throwaway group
 * for seconds.)
 */
export async function consumeFromNow(kafka: Kafka, topic: string, onBatch: BatchListener, joinTimeoutMs = 30_000): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: `tributary-bench-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  const fetched = new Promise<void>((resolve) => consumer.on(consumer.events.FETCH, () => resolve()));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: ({ batch }) => {
        onBatch(batch.messages, performance.now());
        return Promise.resolve();
      },
    });
    await withTimeout(`a new consumer of ${topic} to join its group and fetch`, joinTimeoutMs, fetched);
    return consumer;
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }
}
