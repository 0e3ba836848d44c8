import { InboundMessageV1, TOPICS, type InboundMessageV1Input } from '@tributary/contracts';
import type { InboundPublisherPort } from '@tributary/channel-email';
import type { ContractPublisher } from '@tributary/platform-kafka';

/** Inbound messages onto Kafka, keyed by tenant and sender so one contact stays on one partition. */
export class KafkaInboundPublisher implements InboundPublisherPort {
  constructor(private readonly publisher: ContractPublisher) {}

  async publish(messages: readonly InboundMessageV1Input[]): Promise<void> {
    await this.publisher.publish(
      TOPICS.inbound,
      InboundMessageV1,
      messages.map((message) => ({ key: `${message.tenantId}:${message.sender.identities[0]?.value ?? ''}`, value: message, traceId: message.traceId })),
    );
  }
}
