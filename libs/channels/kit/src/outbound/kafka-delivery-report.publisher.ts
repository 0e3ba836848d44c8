import { DeliveryStatusV1, TOPICS, type DeliveryStatusV1Message } from '@tributary/contracts';
import type { ContractPublisher } from '@tributary/platform-kafka';
import type { DeliveryReportPublisherPort } from './delivery-report.publisher.port';

/** Delivery reports keyed by their reply, so one reply's reports keep their order on one partition. */
export class KafkaDeliveryReportPublisher implements DeliveryReportPublisherPort {
  constructor(private readonly publisher: ContractPublisher) {}

  async publish(statuses: readonly DeliveryStatusV1Message[]): Promise<void> {
    await this.publisher.publish(
      TOPICS.delivery,
      DeliveryStatusV1,
      statuses.map((status) => ({ key: status.outboundId, value: status, traceId: status.traceId })),
    );
  }
}
