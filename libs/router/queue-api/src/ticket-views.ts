import type { TicketAttachmentRow, TicketMessageRow, TicketReplyRow, TicketSummaryRow } from './queue.repository';
import type { ResponseOf, TicketDetailResponse, TicketPageResponse, TicketSummaryResponse } from './queue-responses.schema';

export type TicketSummary = ResponseOf<typeof TicketSummaryResponse>;
export type TicketPage = ResponseOf<typeof TicketPageResponse>;
/** With the agents' replies, oldest first, each with the latest delivery state (null until the first report). */
export type TicketDetail = ResponseOf<typeof TicketDetailResponse>;
type MessageAttachmentView = TicketDetail['messages'][number]['attachments'][number];

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
  attachments: readonly TicketAttachmentRow[],
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
      attachments: [
        ...(message.payload.attachments ?? []).map((file): MessageAttachmentView => ({ attachmentId: null, state: 'stored', name: file.name, contentType: file.contentType, file, error: null })),
        ...attachments.filter((row) => row.message_id === message.id).map(toAttachmentView),
      ],
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

function toAttachmentView(row: TicketAttachmentRow): MessageAttachmentView {
  return {
    attachmentId: row.attachment_id,
    state: row.state,
    name: row.name ?? row.attachment?.name ?? null,
    contentType: row.content_type ?? row.attachment?.contentType ?? null,
    file: row.attachment,
    error: row.error,
  };
}
