import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InboundMessageV1, TOPICS, type InboundMessageV1Message } from '@tributary/contracts';
import { DatabaseRuntime } from '@tributary/platform-database';
import { KafkaRuntime, type ConsumedRecord, type HandlerResult } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { Counter, Registry } from 'prom-client';
import { GroupCommit, type GroupRejection } from '../group-commit';
import { processInboundBatch } from '../inbound-batch.processor';

/** Records per grouped transaction: large enough to carry every partition of a busy round. */
const MAX_GROUP_RECORDS = 5_000;

export const ROUTER_CONSUMER_GROUP = 'tributary-router';
export const TICKETING_OPTIONS = Symbol('TICKETING_OPTIONS');

export interface TicketingOptions {
  /** Partitions fetched at once; their batches share transactions (group commit), one at a time. */
  readonly inboundConcurrency: number;
  /** Published outbox rows are deleted after this many hours; 0 keeps them. */
  readonly outboxRetentionHours: number;
}

/**
 * Feeds fetched batches of inbound messages to database transactions; a partition's offset moves
 * only after the transaction holding its batch commits. Batches of partitions fetched at once
 * share one transaction (GroupCommit), so the router never contends with itself for locks.
 */
@Injectable()
export class InboundIntakeService implements OnModuleInit {
  private readonly batches: Counter<'path'>;
  private readonly groupCommit = new GroupCommit<InboundMessageV1Message>((messages) => this.store(messages), MAX_GROUP_RECORDS);

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
      groupId: ROUTER_CONSUMER_GROUP,
      topic: TOPICS.inbound,
      contract: InboundMessageV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      partitionsConsumedConcurrently: this.options.inboundConcurrency,
      handle: (records) => this.handle(records),
    });
  }

  private async handle(records: readonly ConsumedRecord<InboundMessageV1Message>[]): Promise<HandlerResult<InboundMessageV1Message>> {
    const rejected = await this.groupCommit.submit(records.map((record) => record.value));
    return {
      rejected: rejected.flatMap(({ index, reason }) => {
        const record = records[index];
        return record ? [{ record, reason }] : [];
      }),
    };
  }

  private async store(messages: readonly InboundMessageV1Message[]): Promise<readonly GroupRejection[]> {
    await this.database.whenConnected();
    const result = await processInboundBatch(this.database.dataSource, messages);
    this.batches.inc({ path: result.path });
    if (result.fallbacks.length > 0) {
      this.logger.event('info', 'InboundIntake', 'batch stored on a slower path', { records: messages.length, path: result.path, fallbacks: result.fallbacks });
    }
    return result.rejected;
  }
}
