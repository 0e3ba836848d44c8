import { replyProvider, type Channel, type DeliveryStatusV1Message, type OutboundMessageV1Message, type Provider } from '@tributary/contracts';
import type { ConsumedRecord, HandlerResult } from '@tributary/platform-kafka';
import type { ChannelSenderRegistry } from './channel-sender.registry';
import type { DeliveryReportPublisherPort } from './delivery-report.publisher.port';
import type { SentRepliesPort } from './sent-replies.port';

/** A channel and the provider its replies leave through. */
export interface ReplyRoute {
  readonly channel: Channel;
  readonly provider: Provider;
}

export interface OutboundReplyDispatcherOptions {
  /**
   * Every channel and provider this app answers for, configured or not. Replies for other routes
   * belong to another app (WhatsApp through Twilio is voice-ingest's, through Meta social-ingest's)
   * and are passed over; a reply for one of these with no sender registered (the provider is not
   * configured here) is dead-lettered with that reason instead of vanishing.
   */
  readonly routes: readonly ReplyRoute[];
  /** Waited for before each batch (e.g. the database answering), so an outage pauses instead of failing. */
  readonly ready?: () => Promise<void>;
}

/**
 * The one reply loop every channel app runs: each reply goes to its channel's sender once (through
 * the shared sent-replies ledger) and what happened is reported on the delivery topic before the
 * offset moves on: a batch's reports in one publish after its sends, since a crash in between
 * repeats the reports (the ledger keeps each one), never the sends. Without a ledger, a redelivered reply reaches the sender again: only for a sender
 * that is idempotent itself (the chat stores a reply once by its message id).
 */
export class OutboundReplyDispatcher {
  constructor(
    private readonly senders: ChannelSenderRegistry,
    private readonly reports: DeliveryReportPublisherPort,
    private readonly ledger: SentRepliesPort | undefined,
    private readonly options: OutboundReplyDispatcherOptions,
  ) {}

  async handle(records: readonly ConsumedRecord<OutboundMessageV1Message>[]): Promise<HandlerResult<OutboundMessageV1Message>> {
    const rejected: { record: ConsumedRecord<OutboundMessageV1Message>; reason: string }[] = [];
    const statuses: DeliveryStatusV1Message[] = [];
    await this.options.ready?.();
    for (const record of records) {
      const outbound = record.value;
      const provider = replyProvider(outbound);
      if (!this.options.routes.some((route) => route.channel === outbound.channel && route.provider === provider)) continue;
      const sender = this.senders.senderFor(outbound.channel, provider);
      if (!sender) {
        rejected.push({ record, reason: `no sender for the ${outbound.channel} channel through ${provider} is configured on this app` });
        continue;
      }
      statuses.push(this.ledger ? (await this.ledger.sendOnce(outbound, () => sender.send(outbound))).status : await sender.send(outbound));
    }
    if (statuses.length > 0) await this.reports.publish(statuses);
    return { rejected };
  }
}
