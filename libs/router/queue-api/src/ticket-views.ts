import type { AttachmentRef } from '@tributary/contracts';
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
      html: message.payload.html ?? null,
      attachments: [
        ...(message.payload.attachments ?? []).map((file): MessageAttachmentView => ({
          attachmentId: null,
          state: 'stored',
          name: file.name,
          contentType: file.contentType,
          file,
          downloadPath: downloadPath(row.id, message.id, file),
          error: null,
        })),
        ...attachments.filter((attachment) => attachment.message_id === message.id).map((attachment) => toAttachmentView(row.id, attachment)),
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

function toAttachmentView(ticketId: string, row: TicketAttachmentRow): MessageAttachmentView {
  return {
    attachmentId: row.attachment_id,
    state: row.state,
    name: row.name ?? row.attachment?.name ?? null,
    contentType: row.content_type ?? row.attachment?.contentType ?? null,
    file: row.attachment,
    downloadPath: row.attachment ? downloadPath(ticketId, row.message_id, row.attachment) : null,
    error: row.error,
  };
}

/** The queue API route serving the bytes (QueueController.attachment). */
function downloadPath(ticketId: string, messageId: string, file: AttachmentRef): string {
  return `/v1/tickets/${ticketId}/messages/${messageId}/attachments/${file.sha256}`;
}
