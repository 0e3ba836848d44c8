import { AttachmentStatusV1, parseContract, stableUuid, type AttachmentError, type AttachmentRef, type AttachmentStatusV1Message } from '@tributary/contracts';
import type { FetchedMedia } from './media.fetcher';
import type { PendingMediaInput } from './pending-media';

/** The reference a message (or its later status) carries: the type the provider announced wins over the served one, as in the message itself. */
export function attachmentRefOf(name: string, announcedType: string | undefined, blob: FetchedMedia): AttachmentRef {
  return { name, contentType: announcedType ?? blob.contentType, sizeBytes: blob.sizeBytes, sha256: blob.sha256, storageUri: blob.storageUri };
}

/**
 * An attachment's one outcome. The statusId depends on the attachment and the outcome only, so a
 * repeat (a replica that published and died before forgetting the entry) carries the same id and
 * consumers drop it.
 */
export function attachmentOutcome(
  media: PendingMediaInput,
  outcome: { readonly stored: FetchedMedia } | { readonly failed: AttachmentError },
  attempts: number,
  at: Date,
): AttachmentStatusV1Message {
  const state = 'stored' in outcome ? 'stored' : 'failed';
  return parseContract(AttachmentStatusV1, {
    schemaVersion: 1,
    statusId: stableUuid(media.attachmentId, state),
    attachmentId: media.attachmentId,
    messageId: media.messageId,
    tenantId: media.tenantId,
    channel: media.channel,
    provider: media.provider,
    state,
    ...('stored' in outcome ? { attachment: attachmentRefOf(media.name, media.contentType, outcome.stored) } : { error: outcome.failed }),
    attempts,
    occurredAt: at.toISOString(),
    traceId: media.traceId,
  });
}
