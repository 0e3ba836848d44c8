import { inboundHandoffRecord, type DurableHandoff } from '@tributary/channel-kit';
import type { InboundPublisherPort } from '@tributary/channel-email';
import type { InboundMessageV1Input } from '@tributary/contracts';

/**
 * Mail goes to Kafka through the kit's hand-off, keyed per contact like every channel's messages.
 * Resolves once Kafka acknowledged all of them; rejects when Kafka does not answer in time, so the
 * source (IMAP checkpoint, SMTP 451) keeps the mail and tries again.
 */
export class KafkaInboundPublisher implements InboundPublisherPort {
  constructor(private readonly handoff: DurableHandoff) {}

  async publish(messages: readonly InboundMessageV1Input[]): Promise<void> {
    await Promise.all(messages.map((message) => this.handoff.handOff(inboundHandoffRecord(message))));
  }
}
