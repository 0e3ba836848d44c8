/** A message Tributary sent through the Send API, as remembered for watermarks and echoes. */
export interface MetaSentMessage {
  /** The page id or Instagram account id it was sent from (the webhook entry's id). */
  readonly accountId: string;
  /** Meta's `message_id` from the Send API's answer (the echo's and the delivery's `mid`). */
  readonly messageId: string;
  /** The PSID or IGSID it was sent to (the delivery or read event's sender). */
  readonly recipientId: string;
  readonly channel: 'messenger' | 'instagram';
  readonly outboundId: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly traceId: string;
  /** When the Send API call started: Meta's own timestamp is later, so a watermark after it covers the message. */
  readonly sentAt: Date;
}

/** How far a sent message has been reported: delivered, then read; never backwards. */
export type MetaReportedState = 'delivered' | 'read';

/** Which messages a delivery or read event covers: all sent up to `until`, plus any named by id. */
export interface MetaWatermarkCoverage {
  readonly until: Date;
  readonly messageIds: readonly string[];
}

/**
 * The Send API messages Tributary sent, shared by every replica. Meta reports deliveries and reads
 * as watermarks ("every message sent before this time"), not per message, so mapping one to the
 * replies it covers needs a record of what was sent to whom, and when; the same record tells the echo
 * of a reply Tributary sent from a message an agent wrote in Meta's own inbox.
 */
export interface MetaSentMessagesPort {
  record(sent: MetaSentMessage): Promise<void>;
  find(accountId: string, messageId: string): Promise<MetaSentMessage | undefined>;
  /** The covered messages to `recipientId` not yet reported at `state` or beyond, oldest first. */
  unreported(accountId: string, recipientId: string, coverage: MetaWatermarkCoverage, state: MetaReportedState): Promise<MetaSentMessage[]>;
  /** Called once their statuses were handed off: a crash before it only repeats them (same status ids). */
  markReported(accountId: string, messageIds: readonly string[], state: MetaReportedState): Promise<void>;
}
