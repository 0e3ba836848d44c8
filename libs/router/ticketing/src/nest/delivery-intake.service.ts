import { Injectable, OnModuleInit } from '@nestjs/common';
import { DeliveryStatusV1, TOPICS, type DeliveryStatusV1Message } from '@tributary/contracts';
import { DatabaseRuntime } from '@tributary/platform-database';
import { KafkaRuntime, type ConsumedRecord, type HandlerResult } from '@tributary/platform-kafka';
import { Counter, Registry } from 'prom-client';
import { processDeliveryReports } from '../delivery-report.processor';

export const DELIVERY_CONSUMER_GROUP = 'tributary-router-delivery';

/**
 * Feeds delivery reports to their replies, one transaction per fetched batch; offsets move after
 * it commits. Reports for replies the router never queued go to the dead-letter topic (the router
 * has one, shared with inbound records; its headers name the source topic).
 */
@Injectable()
export class DeliveryIntakeService implements OnModuleInit {
  private readonly reports: Counter<'outcome'>;

  constructor(
    private readonly kafka: KafkaRuntime,
    private readonly database: DatabaseRuntime,
    registry: Registry,
  ) {
    this.reports = new Counter({
      name: 'tributary_router_delivery_reports_total',
      help: 'Delivery reports by outcome: applied, stale (a later state was already known), repeat (same statusId), rejected',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer({
      groupId: DELIVERY_CONSUMER_GROUP,
      topic: TOPICS.delivery,
      contract: DeliveryStatusV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      handle: (records) => this.handle(records),
    });
  }

  private async handle(records: readonly ConsumedRecord<DeliveryStatusV1Message>[]): Promise<HandlerResult<DeliveryStatusV1Message>> {
    await this.database.whenConnected();
    const result = await processDeliveryReports(
      this.database.dataSource,
      records.map((record) => record.value),
    );
    for (const outcome of result.outcomes) this.reports.inc({ outcome: outcome ?? 'rejected' });
    return {
      rejected: result.rejected.flatMap(({ index, reason }) => {
        const record = records[index];
        return record ? [{ record, reason }] : [];
      }),
    };
  }
}
