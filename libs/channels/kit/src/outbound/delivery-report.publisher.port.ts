import type { DeliveryStatusV1Message } from '@tributary/contracts';

/** Puts delivery reports on `tributary.delivery.v1`; resolves once Kafka acknowledged them. */
export interface DeliveryReportPublisherPort {
  publish(statuses: readonly DeliveryStatusV1Message[]): Promise<void>;
}
