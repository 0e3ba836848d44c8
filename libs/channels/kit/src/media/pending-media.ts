import type { AttachmentError, AttachmentStatusV1Message, Channel, Provider } from '@tributary/contracts';

/** An announced attachment whose first fetch failed in a way a later attempt may cure, as an intake queues it. */
export interface PendingMediaInput {
  readonly attachmentId: string;
  /** The messageId of the InboundMessage that announces it as pending. */
  readonly messageId: string;
  readonly tenantId: string;
  readonly channel: Channel;
  readonly provider: Provider;
  /** The provider's URL; the provider's fetch policy decides which hosts may be asked, and with what. */
  readonly url: string;
  readonly name: string;
  readonly contentType?: string;
  readonly traceId: string;
  /** Why the intake's own attempt failed (in a claimed entry: why the last attempt did). */
  readonly error: AttachmentError;
}

/** A queued attachment as a worker claimed it. */
export interface PendingMedia extends PendingMediaInput {
  /** Attempts made so far, the intake's included. */
  readonly attempts: number;
  /** Decided, but Kafka has not acknowledged it yet (the replica stopped in between): publish, do not fetch again. */
  readonly outcome: AttachmentStatusV1Message | undefined;
  /** This claim; every later change is made only while it still holds. */
  readonly claimId: string;
}
