import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InboundMessageV1, TOPICS, type InboundMessageV1Message } from '@tributary/contracts';
import { DatabaseRuntime } from '@tributary/platform-database';
import { KafkaRuntime, type ConsumedRecord, type HandlerResult } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { Counter, Registry } from 'prom-client';
import { chunksOf } from '../chunks.util';
import { processInboundBatch } from '../inbound-batch.processor';

export const ROUTER_CONSUMER_GROUP = 'tributary-router';
export const TICKETING_OPTIONS = Symbol('TICKETING_OPTIONS');

export interface TicketingOptions {
  /** Partitions handled at once, each in its own transaction: the router waits on SQL round trips, not CPU. */
  readonly inboundConcurrency: number;
  /**
   * At most this many records in one database transaction: a larger fetched batch is stored in
   * consecutive transactions (its offset moves after the last), so locks are held and memory kept
   * for a bounded batch. A crash between two of them redelivers records already stored, which the
   * dedupe keys absorb. Unbounded when missing.
   */
  readonly inboundRecordsPerTransaction?: number;
  /** Bounds of one inbound fetch (kafkajs' defaults when missing). */
  readonly inboundFetch?: { readonly maxBytesPerPartition: number; readonly maxBytes: number };
  /** Published outbox rows are deleted after this many hours; 0 keeps them. */
  readonly outboxRetentionHours: number;
  /** The inbound consumer group; every router of one deployment shares it. */
  readonly consumerGroup?: string;
  /**
   * Called after a batch's database commit and before its offsets are committed: the window a crash
   * is hardest to survive in. Only a test entry point arms it (to SIGKILL the process there).
   */
  readonly afterInboundCommit?: () => void;
  /**
   * Called with a fetched batch before its database transaction opens: the window a router frozen
   * by the OS (or a GC pause) holds records its group may have given to another. Only a test entry
   * point arms it (to freeze the process there, or hold the batch until another router is ready).
   */
  readonly beforeInboundBatch?: (messages: readonly InboundMessageV1Message[]) => Promise<void> | void;
}

/** Feeds each fetched batch of inbound messages to one database transaction; offsets move after it commits. */
@Injectable()
export class InboundIntakeService implements OnModuleInit {
  private readonly batches: Counter<'path'>;

  constructor(
    private readonly kafka: KafkaRuntime,
    private readonly database: DatabaseRuntime,
    private readonly logger: JsonLogger,
    registry: Registry,
    @Inject(TICKETING_OPTIONS) private readonly options: TicketingOptions,
  ) {
    this.batches = new Counter({
      name: 'tributary_router_inbound_batches_total',
      help: 'Inbound batches stored, by the path that stored them (set-based, per-message, isolated)',
      labelNames: ['path'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer({
      groupId: this.options.consumerGroup ?? ROUTER_CONSUMER_GROUP,
      topic: TOPICS.inbound,
      contract: InboundMessageV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      partitionsConsumedConcurrently: this.options.inboundConcurrency,
      ...(this.options.inboundFetch ? { fetch: this.options.inboundFetch } : {}),
      handle: async (records) => {
        const rejected: HandlerResult<InboundMessageV1Message>['rejected'][number][] = [];
        for (const chunk of chunksOf(records, this.options.inboundRecordsPerTransaction ?? Math.max(1, records.length))) rejected.push(...(await this.handle(chunk)).rejected);
        return { rejected };
      },
    });
  }

  private async handle(records: readonly ConsumedRecord<InboundMessageV1Message>[]): Promise<HandlerResult<InboundMessageV1Message>> {
    await this.database.whenConnected();
    await this.options.beforeInboundBatch?.(records.map((record) => record.value));
    const result = await processInboundBatch(
      this.database.dataSource,
      records.map((record) => record.value),
    );
    this.batches.inc({ path: result.path });
    this.options.afterInboundCommit?.();
    if (result.fallbacks.length > 0) {
      this.logger.event('info', 'InboundIntake', 'batch stored on a slower path', { records: records.length, path: result.path, fallbacks: result.fallbacks });
    }
    return {
      rejected: result.rejected.flatMap(({ index, reason }) => {
        const record = records[index];
        return record ? [{ record, reason }] : [];
      }),
    };
  }
}
