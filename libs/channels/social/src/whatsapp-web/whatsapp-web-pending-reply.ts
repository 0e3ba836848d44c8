import type { WhatsappWebSentMessage } from './whatsapp-web-sent-message';

/**
 * An agent's reply handed to a replica that cannot send it now (another replica holds the number, or
 * its session here is not ready), stored for the number's holder to send.
 */
export interface WhatsappWebPendingReply {
  readonly outboundId: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly traceId: string;
  /** The linked number it is sent from (E.164). */
  readonly number: string;
  /** The customer's number (E.164). */
  readonly recipient: string;
  readonly text: string;
  /** `id._serialized` of the customer's message it answers, quoted above it. */
  readonly quotedMessageId?: string;
}

/** A stored reply as the holder takes it, with the failed tries WhatsApp answered so far. */
export interface WhatsappWebQueuedReply extends WhatsappWebPendingReply {
  readonly attempts: number;
}

/**
 * What the holder did with a stored reply: `sent` (recorded with it, for the acks) and `failed` (for
 * good, reported) end it; `attempt-failed` counts a try WhatsApp refused and keeps it; `deferred`
 * keeps it untouched (the Client went away mid-send: not the reply's fault).
 */
export type WhatsappWebPendingReplyOutcome =
  | { readonly kind: 'sent'; readonly sent: WhatsappWebSentMessage }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'attempt-failed'; readonly error: string }
  | { readonly kind: 'deferred' };

/**
 * The hand-over between replicas (`whatsapp_web_pending_replies`): any replica stores, the number's
 * holder sends. Taking a reply locks it for the time of the send, so two replicas that both believe
 * they hold the number (a lease handover under way) never both send it.
 */
export interface WhatsappWebPendingRepliesPort {
  /** Stores a reply; one stored before under the same outbound id (a redelivery) stays as it is. */
  queue(reply: WhatsappWebPendingReply): Promise<void>;
  /**
   * Locks the oldest reply waiting for `number` that no one else has locked, lets `handle` send it
   * and stores the outcome (a sent message in the sent-messages table too) before the lock goes;
   * undefined when none waits.
   */
  takeNext(
    number: string,
    handle: (reply: WhatsappWebQueuedReply) => Promise<WhatsappWebPendingReplyOutcome>,
  ): Promise<WhatsappWebPendingReplyOutcome | undefined>;
}
