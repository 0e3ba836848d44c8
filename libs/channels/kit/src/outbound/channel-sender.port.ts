import type { Channel, DeliveryStatusV1Message, OutboundMessageV1Message, Provider } from '@tributary/contracts';

/**
 * Sends a reply through one provider and says what happened. A refusal that is the customer's or
 * the message's (bad number, blocked recipient) is a `failed` status; a failure of our own side
 * (provider down, our account suspended) throws, so the reply is retried rather than reported lost.
 * Repeats are not the sender's business: the kit's sent-replies ledger calls it once per reply.
 */
export interface ChannelSender {
  /** The channels this sender serves (one SMS sender answers SMS and voice tickets). */
  readonly channels: readonly Channel[];
  /** The provider it sends through: a channel may have several (WhatsApp by Meta, a session, Twilio). */
  readonly provider: Provider;
  send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message>;
}
