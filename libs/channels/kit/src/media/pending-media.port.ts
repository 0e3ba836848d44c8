import type { AttachmentError, AttachmentStatusV1Message } from '@tributary/contracts';
import type { PendingMedia, PendingMediaInput } from './pending-media';

/**
 * The retry queue of provider media, shared by every replica of a channel app. A claim holds an
 * entry for one replica until it is released, settled, or runs out; every change after the claim is
 * made only while that claim still holds, so a replica that lost it (it was too slow) changes nothing.
 */
export interface PendingMediaPort {
  /** Queues attachments for an attempt `retryInMs` from now; one already queued stays as it is (a repeated webhook). */
  add(media: readonly PendingMediaInput[], retryInMs: number): Promise<void>;
  /** Claims up to `limit` entries that are due, oldest first, skipping those another replica holds. */
  claimDue(limit: number): Promise<PendingMedia[]>;
  /** Records a failed attempt and schedules the next one; releases the claim. */
  retryLater(media: PendingMedia, attempts: number, error: AttachmentError, delayMs: number): Promise<void>;
  /** Records the final outcome before it is published; false when the claim no longer holds. */
  decide(media: PendingMedia, outcome: AttachmentStatusV1Message): Promise<boolean>;
  /** Kafka acknowledged the outcome: the entry is done. */
  remove(media: PendingMedia): Promise<void>;
  /** Gives the entry back untouched, due `delayMs` from now (shutdown: 0; Kafka or the queue failing: a little later). */
  release(media: PendingMedia, delayMs: number): Promise<void>;
  /** Entries waiting, across replicas. */
  count(): Promise<number>;
}
