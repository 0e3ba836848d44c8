import type { AttachmentStatusV1Message } from '@tributary/contracts';

/** Puts an attachment's outcome on `tributary.attachments.v1`; resolves once Kafka acknowledged it. */
export interface AttachmentStatusPublisherPort {
  publish(status: AttachmentStatusV1Message): Promise<void>;
}
