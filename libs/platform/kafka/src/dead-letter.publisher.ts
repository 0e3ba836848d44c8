import type { TopicName } from '@tributary/contracts';
import type { JsonLogger } from '@tributary/platform-observability';
import type { Message, Producer, ProducerConfig } from 'kafkajs';
import { chunkByBytes } from './byte-bounded-chunks.util';
import { toDeadLetterMessage, type DeadLetter } from './dead-letter.util';
import { KafkaMetrics } from './kafka-metrics';
import { recordRefusal } from './record-refusal.util';
import { estimateRecordBytes } from './record-size.util';
import { toReducedDeadLetterMessage } from './reduced-dead-letter.util';

/**
 * Most a produce request of dead letters carries: half of Kafka's default max.message.bytes. Small
 * dead letters share a request, a big one travels alone, so no partition's batch in a request can
 * reach a topic's limit unless a single record does (each partition's records in one request form
 * one record batch, which the broker checks against max.message.bytes as a whole).
 */
const REQUEST_BUDGET_BYTES = 512 * 1024;

/** What this publisher needs of kafkajs; narrow, so a test can stand in for a broker that refuses. */
export interface DeadLetterKafka {
  producer(config: ProducerConfig): Pick<Producer, 'connect' | 'disconnect' | 'sendBatch'>;
}

/**
 * Writes dead letters so that no single input can stop a consumer: whole records in produce
 * requests bounded by bytes, and for a record the dead-letter topic still refuses (too large for a
 * topic created elsewhere with a smaller limit, say) a truncated copy, then a bare one, each with
 * headers saying what happened and where the original is; if even that is refused, an error log.
 * Resolves once every dead letter is acknowledged or known to be refused: only then may the
 * consumer commit past them. Any other failure (broker away, no access) throws, so nothing moves.
 */
export class DeadLetterPublisher {
  private readonly producer: Pick<Producer, 'connect' | 'disconnect' | 'sendBatch'>;
  private connected: Promise<void> | undefined;

  constructor(
    kafka: DeadLetterKafka,
    private readonly logger: JsonLogger,
    private readonly metrics?: KafkaMetrics,
  ) {
    this.producer = kafka.producer({
      // Not idempotent, unlike the ContractPublisher: when the broker refuses one partition of a
      // request, kafkajs rolls back the sequence numbers of every partition in it, although the
      // broker kept the others; an idempotent producer would then have its next records dropped as
      // duplicates or refused as out of order. Refusals are expected here, so they get a producer of
      // their own that the ticket stream never shares. The cost: a retried dead letter may land twice
      // (its tributary-dlq-source-* headers tell the copies apart).
      idempotent: false,
      maxInFlightRequests: 1,
      // Wait out a broker outage, as the ContractPublisher does: the offsets stay put meanwhile.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
      allowAutoTopicCreation: false,
    });
  }

  async send(topic: TopicName, deadLetters: readonly DeadLetter[], group: string): Promise<void> {
    const copies = deadLetters.map((deadLetter) => ({ deadLetter, message: toDeadLetterMessage(deadLetter.source, deadLetter.message, deadLetter.reason) }));
    for (const chunk of chunkByBytes(copies, (copy) => estimateRecordBytes(copy.message), REQUEST_BUDGET_BYTES)) {
      const refusal = await this.trySend(topic, chunk.map((copy) => copy.message));
      if (refusal === undefined) continue;
      // One at a time, so the refusal is pinned on the records it concerns. A record of this chunk
      // the broker kept in another partition is sent again: a duplicate, never a loss.
      for (const { deadLetter, message } of chunk) {
        const alone = chunk.length === 1 ? refusal : await this.trySend(topic, [message]);
        if (alone !== undefined) await this.sendReduced(topic, deadLetter, alone, group);
      }
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }

  private async sendReduced(topic: TopicName, deadLetter: DeadLetter, refusal: string, group: string): Promise<void> {
    const { source, message, reason } = deadLetter;
    const fields = {
      deadLetterTopic: topic,
      group,
      sourceTopic: source.topic,
      sourcePartition: source.partition,
      sourceOffset: message.offset,
      valueBytes: message.value?.length ?? 0,
      refusal,
      reason: reason.slice(0, 500),
    };
    for (const copy of ['truncated', 'bare'] as const) {
      const again = await this.trySend(topic, [toReducedDeadLetterMessage(source, message, reason, copy, refusal)]);
      if (again === undefined) {
        this.logger.event('error', 'DeadLetterPublisher', `dead-letter topic refused a record; sent a ${copy} copy, the original is at its source offset`, { ...fields, copy });
        this.metrics?.deadLettersReduced.inc({ topic: source.topic, group, written: copy });
        return;
      }
    }
    // Blocking the partition for good would be worse: one input would stop every record behind it.
    this.logger.event('error', 'DeadLetterPublisher', 'dead-letter topic refused even a bare copy of a record; it stays only at its source offset', fields);
    this.metrics?.deadLettersReduced.inc({ topic: source.topic, group, written: 'none' });
  }

  /** Undefined once acknowledged; the refusal when the broker refused these records; throws otherwise. */
  private async trySend(topic: TopicName, messages: Message[]): Promise<string | undefined> {
    await this.connect();
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
    } catch (error) {
      const refusal = recordRefusal(error);
      if (refusal === undefined) throw error;
      return refusal;
    }
    this.metrics?.produced.inc({ topic }, messages.length);
    return undefined;
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }
}
