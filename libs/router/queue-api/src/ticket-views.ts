import type { TicketMessageRow, TicketSummaryRow } from './queue.repository';

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

export function toTicketDetail(row: TicketSummaryRow, messages: readonly TicketMessageRow[], identities: TicketDetail['contact']['identities']): TicketDetail {
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
  };
}
