import { AttachmentStatusV1, TOPICS, type AttachmentStatusV1Message } from '@tributary/contracts';
import type { ContractPublisher } from '@tributary/platform-kafka';
import type { AttachmentStatusPublisherPort } from './attachment-status.publisher.port';

/** Keyed by the message, so the outcomes of one message's attachments keep their order on one partition. */
export class KafkaAttachmentStatusPublisher implements AttachmentStatusPublisherPort {
  constructor(private readonly publisher: ContractPublisher) {}

  async publish(status: AttachmentStatusV1Message): Promise<void> {
    await this.publisher.publish(TOPICS.attachments, AttachmentStatusV1, [{ key: status.messageId, value: status, traceId: status.traceId }]);
  }
}
