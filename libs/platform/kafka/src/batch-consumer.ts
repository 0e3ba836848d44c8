import type { Contract, TopicName } from '@tributary/contracts';
import type { JsonLogger } from '@tributary/platform-observability';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { z } from 'zod';
import type { ConsumedRecord } from './consumed-record';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { KafkaMetrics } from './kafka-metrics';
import { decodeBatch } from './record-decoder';

/** What a handler says about records it can never process: they go to the dead-letter topic. */
export interface HandlerResult<TValue> {
  readonly rejected: readonly { readonly record: ConsumedRecord<TValue>; readonly reason: string }[];
}

export interface BatchConsumerOptions<TSchema extends z.ZodType> {
  readonly groupId: string;
  readonly topic: TopicName;
  /** Records must carry this contract's name and version in their headers, or they are dead-lettered. */
  readonly contract: Contract<TSchema>;
  /** Where records that fail their contract go, with the reason in a header. */
  readonly deadLetterTopic: TopicName;
  /**
   * Handles the valid records of one fetched batch (one partition). Throwing means "not processed,
   * try again": nothing is committed and the batch is redelivered. Records the handler can never
   * process must be returned as rejected, not thrown, or they block their partition.
   */
  readonly handle: (records: readonly ConsumedRecord<z.infer<TSchema>>[]) => Promise<HandlerResult<z.infer<TSchema>> | void>;
  readonly fromBeginning?: boolean;
  readonly partitionsConsumedConcurrently?: number;
  readonly sessionTimeoutMs?: number;
  /** Bounds of one fetch, so the records in memory at once stay bounded (kafkajs defaults: 1 MiB and 10 MiB). */
  readonly fetch?: { readonly maxBytesPerPartition: number; readonly maxBytes: number };
}

/**
 * A consumer that commits an offset only after its handler succeeded for every record before it,
 * so a crash anywhere means redelivery, never loss. Malformed records go to the dead-letter topic
 * and never block their partition.
 */
export class BatchConsumer<TSchema extends z.ZodType> {
  private readonly consumer: Consumer;
  private failure: Error | undefined;
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly options: BatchConsumerOptions<TSchema>,
    private readonly metrics?: KafkaMetrics,
    private readonly logger?: JsonLogger,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      allowAutoTopicCreation: false,
      ...(options.fetch ? { maxBytesPerPartition: options.fetch.maxBytesPerPartition, maxBytes: options.fetch.maxBytes } : {}),
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts itself after retriable failures; a crash without restart is terminal, and
      // only a new process brings the consumer back (liveness fails on it).
      if (payload.restart) return;
      this.failure = payload.error;
      this.logger?.event('error', 'BatchConsumer', 'consumer stopped for good', { group: options.groupId, topic: options.topic, error: payload.error });
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.processBatch(payload),
    });
    this.running = true;
  }

  /** Terminal failure, if any: the consumer stopped and will not restart by itself. */
  get terminalFailure(): Error | undefined {
    return this.failure;
  }

  get isRunning(): boolean {
    return this.running && this.failure === undefined;
  }

  /** Stops fetching, lets the batch in hand finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const labels = { topic: batch.topic, group: this.options.groupId };
    const endTimer = this.metrics?.batchSeconds.startTimer(labels);
    const source = { topic: batch.topic, partition: batch.partition };
    const { valid, rejected } = decodeBatch(this.options.contract, source, batch.messages);

    try {
      const result = valid.length > 0 ? await this.options.handle(valid) : undefined;
      for (const { record, reason } of result?.rejected ?? []) {
        const original = batch.messages.find((message) => message.offset === record.offset);
        if (original) rejected.push({ source, message: original, reason });
      }
      rejected.sort((a, b) => (BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : 1));
      // Dead letters are acknowledged (or known refused and logged) before the offset moves past them.
      if (rejected.length > 0) await this.deadLetters.send(this.options.deadLetterTopic, rejected, this.options.groupId);
    } catch (error) {
      endTimer?.({ outcome: 'failed' });
      throw error;
    }
    if (!payload.isRunning() || payload.isStale()) return;

    const last = batch.messages.at(-1);
    try {
      if (last) {
        payload.resolveOffset(last.offset);
        await this.consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ]);
        this.metrics?.consumed.inc(labels, batch.messages.length - rejected.length);
        this.metrics?.deadLettered.inc(labels, rejected.length);
      }
      await payload.heartbeat();
    } catch (error) {
      if (!isGroupMembershipLost(error)) throw error;
      // The group moved on while this batch was handled (the process was frozen, or the database slow
      // past the session timeout): its partitions are another member's now, and that member reads
      // them again from the last commit, deduped downstream. Thrown on, kafkajs would stop this
      // consumer for good; returned, it rejoins the group on its next fetch.
      this.logger?.event('warn', 'BatchConsumer', 'left the group while handling a batch; its offsets were not committed, rejoining', {
        group: this.options.groupId,
        topic: batch.topic,
        partition: batch.partition,
        error,
      });
      endTimer?.({ outcome: 'failed' });
      return;
    }
    endTimer?.({ outcome: 'committed' });
  }
}

/** The broker no longer counts this member in its group (or is moving partitions): its commits are refused. */
const MEMBERSHIP_LOST = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'FENCED_INSTANCE_ID']);

function isGroupMembershipLost(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string' && MEMBERSHIP_LOST.has(type)) return true;
    current = (current as { cause?: unknown; originalError?: unknown }).cause ?? (current as { originalError?: unknown }).originalError;
  }
  return false;
}
