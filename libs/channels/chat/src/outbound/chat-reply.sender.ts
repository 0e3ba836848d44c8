import type { ChannelSender } from '@tributary/channel-kit';
import { stableUuid, type DeliveryStatusV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import type { ChatEntriesPort } from '../persistence/chat-entries.port';

/** The reply names no conversation this deployment knows: the visitor never chatted here. */
export const CHAT_CONVERSATION_UNKNOWN = 'CHAT_CONVERSATION_UNKNOWN';

/**
 * An agent's reply into the visitor's conversation. One replica consumes each reply (a shared group)
 * and stores it once by outbound id; the storing transaction's NOTIFY tells every replica, whose
 * sockets for that conversation catch up from the database (ChatEntryNotifications); a visitor
 * connected nowhere gets it on the next hello. A redelivered reply is found stored and reported
 * `sent` again under the same status id.
 */
export class ChatReplySender implements ChannelSender {
  readonly channels = ['chat'] as const;
  readonly provider = 'chat' as const;

  constructor(
    private readonly entries: ChatEntriesPort,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    const conversationId = outbound.thread.conversationId;
    const conversation = conversationId ? await this.entries.conversationOf(conversationId) : undefined;
    if (!conversationId || conversation?.tenantId !== outbound.tenantId) {
      return this.status(outbound, 'failed', { code: CHAT_CONVERSATION_UNKNOWN, message: 'the reply names no chat conversation of this tenant' });
    }
    await this.entries.recordReply({
      conversationId,
      outboundId: outbound.outboundId,
      ticketId: outbound.ticketId,
      traceId: outbound.traceId,
      text: outbound.text,
      ...(outbound.author.displayName ? { authorName: outbound.author.displayName } : {}),
    });
    // No push from here: the commit's NOTIFY reaches every replica, this one too (ChatEntryNotifications).
    return this.status(outbound, 'sent');
  }

  private status(outbound: OutboundMessageV1Message, state: 'sent' | 'failed', error?: { code: string; message: string }): DeliveryStatusV1Message {
    return {
      schemaVersion: 1,
      statusId: stableUuid(outbound.outboundId, state),
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      channel: 'chat',
      provider: 'chat',
      providerMessageId: outbound.outboundId,
      state,
      ...(error ? { error } : {}),
      occurredAt: this.now().toISOString(),
      traceId: outbound.traceId,
    };
  }
}
