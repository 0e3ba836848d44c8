import type { TicketMessageRow, TicketReplyRow, TicketSummaryRow } from './queue.repository';

export interface TicketSummary {
  readonly ticketId: string;
  readonly token: string;
  readonly status: string;
  readonly originChannel: string;
  readonly subject: string | null;
  readonly contactId: string;
  readonly sequence: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastMessageAt: string;
}

export interface TicketPage {
  readonly tickets: readonly TicketSummary[];
  readonly nextCursor: string | null;
}

export interface TicketDetail extends TicketSummary {
  readonly contact: { readonly contactId: string; readonly identities: readonly { kind: string; value: string; verified: boolean }[] };
  readonly messages: readonly {
    readonly messageId: string;
    readonly direction: string;
    readonly channel: string;
    readonly rule: string;
    readonly duplicateOfMessageId: string | null;
    readonly receivedAt: string;
    readonly sender: unknown;
    readonly subject: string | null;
    readonly text: string;
  }[];
  /** Agents' replies, oldest first, each with the latest delivery state (null until the first report). */
  readonly replies: readonly {
    readonly outboundId: string;
    readonly channel: string;
    readonly authorId: string;
    readonly requestedAt: string;
    readonly text: string;
    readonly delivery: {
      readonly state: string | null;
      readonly error: { code: string; message: string } | null;
      readonly providerMessageId: string | null;
      readonly occurredAt: string | null;
    };
  }[];
}

export function toTicketSummary(row: TicketSummaryRow): TicketSummary {
  return {
    ticketId: row.id,
    token: row.token,
    status: row.status,
    originChannel: row.origin_channel,
    subject: row.subject,
    contactId: row.contact_id,
    sequence: row.sequence,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastMessageAt: row.last_message_at.toISOString(),
  };
}

export function toTicketDetail(
  row: TicketSummaryRow,
  messages: readonly TicketMessageRow[],
  identities: TicketDetail['contact']['identities'],
  replies: readonly TicketReplyRow[],
): TicketDetail {
  return {
    ...toTicketSummary(row),
    contact: { contactId: row.contact_id, identities },
    messages: messages.map((message) => ({
      messageId: message.id,
      direction: message.direction,
      channel: message.channel,
      rule: message.rule,
      duplicateOfMessageId: message.duplicate_of_id,
      receivedAt: message.received_at.toISOString(),
      sender: message.payload.sender,
      subject: message.payload.subject ?? null,
      text: message.payload.text,
    })),
    replies: replies.map((reply) => ({
      outboundId: reply.id,
      channel: reply.channel,
      authorId: reply.author_id,
      requestedAt: reply.requested_at.toISOString(),
      text: reply.payload.text,
      delivery: {
        state: reply.delivery_state,
        error: reply.delivery_error,
        providerMessageId: reply.provider_message_id,
        occurredAt: reply.delivery_occurred_at?.toISOString() ?? null,
      },
    })),
  };
}
