import type { AttachmentStatusV1Message } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import { announceAttachmentOutcome } from './attachment-announcer';
import type { RejectedMessage } from './inbound-batch.processor';
import { findAttachment, settleAttachment } from './message-attachment.repository';
import { ticketOfMessage } from './message.repository';
import type { SqlExecutor } from './sql-executor';
import { transactionExecutor } from './transaction-executor.util';
import { isTransientDatabaseError } from './transient-error.util';

/**
 * applied: a pending attachment got its outcome, announced on its ticket; early: the outcome came
 * before its message and waits for it; repeat: this statusId was applied before; stale: the
 * attachment already had an outcome (an attachment has one, the first).
 */
export type AttachmentStatusOutcome = 'applied' | 'early' | 'repeat' | 'stale';

export interface AttachmentStatusBatchResult {
  /** Per status, in order; null for rejected ones. */
  readonly outcomes: readonly (AttachmentStatusOutcome | null)[];
  /** Statuses the router can never apply: for the dead-letter topic. */
  readonly rejected: readonly RejectedMessage[];
}

/** Applies a batch of attachment statuses in one transaction, each under a savepoint of its own. */
export function processAttachmentStatuses(dataSource: DataSource, statuses: readonly AttachmentStatusV1Message[]): Promise<AttachmentStatusBatchResult> {
  return dataSource.transaction(async (manager) => {
    const sql = transactionExecutor(manager);
    const outcomes: (AttachmentStatusOutcome | null)[] = [];
    const rejected: RejectedMessage[] = [];
    for (const [index, status] of statuses.entries()) {
      const outcome = await applyIsolated(sql, status);
      if (typeof outcome === 'string') {
        outcomes.push(outcome);
      } else {
        outcomes.push(null);
        rejected.push({ index, reason: outcome.reason });
      }
    }
    return { outcomes, rejected };
  });
}

async function applyIsolated(sql: SqlExecutor, status: AttachmentStatusV1Message): Promise<AttachmentStatusOutcome | { reason: string }> {
  await sql.query('SAVEPOINT attachment_status');
  try {
    const outcome = await applyAttachmentStatus(sql, status);
    await sql.query('RELEASE SAVEPOINT attachment_status');
    return outcome;
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await sql.query('ROLLBACK TO SAVEPOINT attachment_status');
    return { reason: error instanceof Error ? error.message : String(error) };
  }
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
