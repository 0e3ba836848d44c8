import type { AttachmentStatusV1Message } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import { applyEachIsolated, type IsolatedBatchResult } from './isolated-batch.util';
import { announceAttachmentOutcome } from './attachment-announcer';
import { findAttachment, settleAttachment } from './message-attachment.repository';
import { ticketOfMessage } from './message.repository';
import type { SqlExecutor } from './sql-executor';

/**
 * applied: a pending attachment got its outcome, announced on its ticket; early: the outcome came
 * before its message and waits for it; repeat: this statusId was applied before; stale: the
 * attachment already had an outcome (an attachment has one, the first).
 */
export type AttachmentStatusOutcome = 'applied' | 'early' | 'repeat' | 'stale';

export type AttachmentStatusBatchResult = IsolatedBatchResult<AttachmentStatusOutcome>;

/** Applies a batch of attachment statuses in one transaction, each under a savepoint of its own. */
export function processAttachmentStatuses(dataSource: DataSource, statuses: readonly AttachmentStatusV1Message[]): Promise<AttachmentStatusBatchResult> {
  return applyEachIsolated(dataSource, statuses, applyAttachmentStatus);
}

export async function applyAttachmentStatus(sql: SqlExecutor, status: AttachmentStatusV1Message): Promise<AttachmentStatusOutcome | { reason: string }> {
  const settled = await settleAttachment(sql, status);
  if (!settled) {
    const current = await findAttachment(sql, status.tenantId, status.attachmentId);
    if (current && current.inbound_message_id !== status.messageId) {
      return { reason: `attachment ${status.attachmentId} belongs to message ${current.inbound_message_id}, not ${status.messageId}` };
    }
    return current?.status_id === status.statusId ? 'repeat' : 'stale';
  }
  if (settled.message_id === null) return 'early';
  await announceAttachmentOutcome(sql, await ticketOfMessage(sql, settled.message_id), status.state, status.traceId);
  return 'applied';
}
