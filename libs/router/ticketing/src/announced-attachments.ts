import type { InboundMessageV1Message } from '@tributary/contracts';
import { announceAttachmentOutcome } from './attachment-announcer';
import type { InboundBatchContext } from './inbound-batch.context';
import type { IngestOutcome } from './inbound-ingest.service';
import { recordAnnouncedAttachments, type AnnouncedAttachment } from './message-attachment.repository';
import type { SqlExecutor } from './sql-executor';

/**
 * After a batch stored its messages, whichever path stored them: the attachments they announced as
 * pending or failed (one statement, and none for a batch without any). An outcome that came before
 * its message was kept waiting; it joins the message now and is announced on the ticket after the
 * message's own event, as it would have been had it come second.
 */
export async function storeAnnouncedAttachments(
  sql: SqlExecutor,
  batch: InboundBatchContext,
  stored: readonly { readonly message: InboundMessageV1Message; readonly outcome: IngestOutcome }[],
): Promise<void> {
  const announced = stored.flatMap(({ message, outcome }): AnnouncedAttachment[] =>
    outcome.status === 'stored'
      ? (message.pendingAttachments ?? []).map((attachment, position) => ({
          tenantId: message.tenantId,
          inboundMessageId: message.messageId,
          messageId: outcome.messageId,
          ticketId: outcome.ticketId,
          position,
          attachment,
        }))
      : [],
  );
  if (announced.length === 0) return;
  const settledEarly = await recordAnnouncedAttachments(sql, announced);
  for (const { attachmentId, state } of settledEarly) {
    const entry = announced.find((candidate) => candidate.attachment.attachmentId === attachmentId);
    const message = stored.find((candidate) => candidate.message.messageId === entry?.inboundMessageId)?.message;
    if (entry && (state === 'stored' || state === 'failed')) await announceAttachmentOutcome(sql, entry.ticketId, state, message?.traceId, { outbox: batch.outbox });
  }
  await batch.flush(sql);
}
