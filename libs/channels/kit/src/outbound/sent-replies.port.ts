import type { DeliveryStatusV1Message, OutboundMessageV1Message } from '@tributary/contracts';

export interface SendOnceResult {
  readonly status: DeliveryStatusV1Message;
  /** False when the reply had been sent before (a redelivery): the first report is repeated. */
  readonly sentNow: boolean;
}

/**
 * Which replies were already handed to a provider, shared by every replica, so a reply redelivered
 * to any of them is reported again instead of sent again.
 */
export interface SentRepliesPort {
  sendOnce(outbound: OutboundMessageV1Message, send: () => Promise<DeliveryStatusV1Message>): Promise<SendOnceResult>;
}
