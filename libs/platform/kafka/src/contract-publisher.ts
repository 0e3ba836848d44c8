import { parseContract, type Contract, type TopicName } from '@tributary/contracts';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { z } from 'zod';
import { KafkaMetrics } from './kafka-metrics';
import { contractHeaders } from './record-headers.util';

export interface OutgoingRecord<TValue> {
  readonly key: string;
  readonly value: TValue;
  /** The `tributary-trace-id` header; defaults to the value's `traceId`. */
  readonly traceId?: string;
  readonly headers?: Record<string, string>;
}

/**
 * Publishes contract messages with an idempotent, acks=all producer. Every value is validated
 * against its contract before it leaves the process, so no producer can put a malformed record
 * on a topic. A resolved `publish` means every broker replica acknowledged the batch.
 */
export class ContractPublisher {
  private readonly producer: Producer;
  private readonly inFlight = new Set<Promise<unknown>>();
  private connected: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly metrics?: KafkaMetrics,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      // One in-flight request per broker keeps per-partition order across retries.
      maxInFlightRequests: 1,
      // An idempotent producer must not give up, or its sequence numbers drift; a send waits out a
      // broker outage instead. Callers that must answer sooner (webhooks) spool locally.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
      // Murmur2, as the Java client: keys land on the same partitions whoever produced them.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
  }

  async publish<TSchema extends z.ZodType>(
    topic: TopicName,
    contract: Contract<TSchema>,
    records: readonly OutgoingRecord<z.input<TSchema>>[],
  ): Promise<void> {
    if (records.length === 0) return;
    const messages: Message[] = records.map((record) => {
      const value = parseContract(contract, record.value);
      // The value's own traceId (most contracts carry one) when the caller gives none,
      // so no record leaves without the header because a caller forgot to copy it.
      const traceId = record.traceId ?? traceIdOf(value);
      return { key: record.key, value: JSON.stringify(value), headers: { ...contractHeaders(contract, traceId), ...record.headers } };
    });
    await this.sendRaw(topic, messages);
  }

  /** For bytes that must travel unchanged, such as a dead-lettered record. */
  async sendRaw(topic: TopicName, messages: Message[]): Promise<void> {
    await this.sendRawToTopics([{ topic, messages }]);
  }

  /**
   * Several topics in one produce request per broker: one acknowledgement round trip instead of
   * one per topic. Order within each topic is the order given.
   */
  async sendRawToTopics(batches: readonly { topic: TopicName; messages: Message[] }[]): Promise<void> {
    const topicMessages = batches.filter((batch) => batch.messages.length > 0);
    if (topicMessages.length === 0) return;
    await this.connect();
    const sending = this.producer.sendBatch({ acks: -1, topicMessages });
    this.inFlight.add(sending);
    try {
      await sending;
      for (const { topic, messages } of topicMessages) this.metrics?.produced.inc({ topic }, messages.length);
    } finally {
      this.inFlight.delete(sending);
    }
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  /** Waits for sends already started, then disconnects: nothing accepted is dropped on shutdown. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}

function traceIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('traceId' in value)) return undefined;
  const { traceId } = value;
  return typeof traceId === 'string' && traceId !== '' ? traceId : undefined;
}
