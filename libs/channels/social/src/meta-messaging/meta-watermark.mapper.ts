import { stableUuid, type DeliveryStatusV1Message } from '@tributary/contracts';
import type { MetaReportedState, MetaSentMessage, MetaSentMessagesPort, MetaWatermarkCoverage } from './meta-sent-message';
import type { MetaMessagingEvent } from './meta-webhook.schema';

export interface MappedWatermark {
  readonly statuses: readonly DeliveryStatusV1Message[];
  /** Marks the covered messages reported; call it once the statuses are handed off. */
  readonly commit: () => Promise<void>;
}

const NOTHING: MappedWatermark = { statuses: [], commit: () => Promise.resolve() };

/**
 * Meta's delivery and read webhooks as DeliveryStatus v1 for the replies they cover. Messenger sends
 * watermarks: "all messages that were sent before this timestamp were delivered" (`delivery.watermark`,
 * `mids` naming some of them "may not be present") and "read" likewise (message_deliveries and
 * message_reads references). Instagram's `messaging_seen` names the last message seen (`read.mid`),
 * which covers it and everything sent before it. Each covered reply not yet reported at this state
 * or beyond gets one status (forward only: a late `delivered` after `read` adds nothing); status ids
 * are stable per message and state, so a webhook Meta repeats is dropped downstream.
 */
export class MetaWatermarkMapper {
  constructor(private readonly sent: MetaSentMessagesPort) {}

  async map(accountId: string, event: MetaMessagingEvent): Promise<MappedWatermark> {
    const customerId = event.sender.id;
    const found = await this.coverage(accountId, event);
    if (found === undefined) return NOTHING;
    const { coverage, state } = found;
    const covered = await this.sent.unreported(accountId, customerId, coverage, state);
    if (covered.length === 0) return NOTHING;
    // When Meta says it happened; the watermark itself when the event carries no timestamp.
    const occurredAt = new Date(event.timestamp ?? coverage.until.getTime()).toISOString();
    return {
      statuses: covered.map((sent) => status(sent, state, occurredAt)),
      commit: () => this.sent.markReported(accountId, covered.map((sent) => sent.messageId), state),
    };
  }

  private async coverage(accountId: string, event: MetaMessagingEvent): Promise<{ coverage: MetaWatermarkCoverage; state: MetaReportedState } | undefined> {
    if (event.delivery !== undefined) {
      return { state: 'delivered', coverage: { until: new Date(event.delivery.watermark), messageIds: event.delivery.mids ?? [] } };
    }
    const read = event.read;
    if (read === undefined) return undefined;
    if (read.watermark !== undefined) return { state: 'read', coverage: { until: new Date(read.watermark), messageIds: read.mid ? [read.mid] : [] } };
    if (read.mid === undefined) return undefined;
    // A seen message Tributary did not send (one typed in the Instagram app) still tells when the customer read up to.
    const seen = await this.sent.find(accountId, read.mid);
    const until = seen?.sentAt ?? (event.timestamp === undefined ? undefined : new Date(event.timestamp));
    return until === undefined ? undefined : { state: 'read', coverage: { until, messageIds: [read.mid] } };
  }
}

function status(sent: MetaSentMessage, state: MetaReportedState, occurredAt: string): DeliveryStatusV1Message {
  return {
    schemaVersion: 1,
    statusId: stableUuid('meta-status', sent.accountId, sent.messageId, state),
    outboundId: sent.outboundId,
    tenantId: sent.tenantId,
    ticketId: sent.ticketId,
    channel: sent.channel,
    provider: 'meta',
    providerMessageId: sent.messageId,
    state,
    occurredAt,
    traceId: sent.traceId,
  };
}
