import { Injectable, OnModuleInit } from '@nestjs/common';
import { AttachmentStatusV1, TOPICS, type AttachmentStatusV1Message } from '@tributary/contracts';
import { DatabaseRuntime } from '@tributary/platform-database';
import { KafkaRuntime, type ConsumedRecord, type HandlerResult } from '@tributary/platform-kafka';
import { Counter, Registry } from 'prom-client';
import { processAttachmentStatuses } from '../attachment-status.processor';

export const ATTACHMENT_CONSUMER_GROUP = 'tributary-router-attachments';

/**
 * Feeds attachment outcomes to the messages that announced them as pending, one transaction per
 * fetched batch; offsets move after it commits. Its own group, so a backlog here never holds up
 * inbound messages (or the other way round); an outcome that comes before its message waits in
 * the table for it.
 */
@Injectable()
export class AttachmentIntakeService implements OnModuleInit {
  private readonly statuses: Counter<'outcome'>;

  constructor(
    private readonly kafka: KafkaRuntime,
    private readonly database: DatabaseRuntime,
    registry: Registry,
  ) {
    this.statuses = new Counter({
      name: 'tributary_router_attachment_statuses_total',
      help: 'Attachment statuses by outcome: applied, early (came before its message), repeat (same statusId), stale (the attachment had an outcome), rejected',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer({
      groupId: ATTACHMENT_CONSUMER_GROUP,
      topic: TOPICS.attachments,
      contract: AttachmentStatusV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      handle: (records) => this.handle(records),
    });
  }

  private async handle(records: readonly ConsumedRecord<AttachmentStatusV1Message>[]): Promise<HandlerResult<AttachmentStatusV1Message>> {
    await this.database.whenConnected();
    const result = await processAttachmentStatuses(
      this.database.dataSource,
      records.map((record) => record.value),
    );
    for (const outcome of result.outcomes) this.statuses.inc({ outcome: outcome ?? 'rejected' });
    return {
      rejected: result.rejected.flatMap(({ index, reason }) => {
        const record = records[index];
        return record ? [{ record, reason }] : [];
      }),
    };
  }
}
