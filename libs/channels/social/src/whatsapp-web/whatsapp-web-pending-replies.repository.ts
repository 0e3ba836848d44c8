import type { DataSource, EntityManager } from 'typeorm';
import { WhatsappWebSentMessagesRepository } from './whatsapp-web-sent-messages.repository';
import type { WhatsappWebPendingRepliesPort, WhatsappWebPendingReply, WhatsappWebPendingReplyOutcome, WhatsappWebQueuedReply } from './whatsapp-web-pending-reply';

interface PendingReplyRow {
  readonly outbound_id: string;
  readonly tenant_id: string;
  readonly ticket_id: string;
  readonly trace_id: string;
  readonly number: string;
  readonly recipient: string;
  readonly text: string;
  readonly quoted_message_id: string | null;
  readonly attempts: number;
}

/**
 * `whatsapp_web_pending_replies` in the app's PostgreSQL. A sent reply's message is recorded in
 * `whatsapp_web_sent_messages` in the transaction that closes its row: one connection per send, and
 * its acks find it as soon as it counts as sent.
 */
export class WhatsappWebPendingRepliesRepository implements WhatsappWebPendingRepliesPort {
  private readonly sentMessages: WhatsappWebSentMessagesRepository;

  constructor(private readonly dataSource: DataSource) {
    this.sentMessages = new WhatsappWebSentMessagesRepository(dataSource);
  }

  async queue(reply: WhatsappWebPendingReply): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO whatsapp_web_pending_replies (outbound_id, tenant_id, ticket_id, trace_id, number, recipient, text, quoted_message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (outbound_id) DO NOTHING`,
      [reply.outboundId, reply.tenantId, reply.ticketId, reply.traceId, reply.number, reply.recipient, reply.text, reply.quotedMessageId ?? null],
    );
  }

  takeNext(
    number: string,
    handle: (reply: WhatsappWebQueuedReply) => Promise<WhatsappWebPendingReplyOutcome>,
  ): Promise<WhatsappWebPendingReplyOutcome | undefined> {
    // The row lock lives as long as this transaction: another holder's SKIP LOCKED passes it by, and
    // finds it handled once this commits. A crash mid-send rolls back: sent again, never lost.
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<PendingReplyRow[]>(
        `SELECT outbound_id, tenant_id, ticket_id, trace_id, number, recipient, text, quoted_message_id, attempts
           FROM whatsapp_web_pending_replies
          WHERE number = $1 AND handled_at IS NULL
          ORDER BY created_at, outbound_id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [number],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const outcome = await handle(replyOf(row));
      await this.store(manager, row.outbound_id, outcome);
      return outcome;
    });
  }

  private async store(manager: EntityManager, outboundId: string, outcome: WhatsappWebPendingReplyOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'sent':
        await this.sentMessages.record(outcome.sent, manager);
        await manager.query(`UPDATE whatsapp_web_pending_replies SET handled_at = now(), outcome = 'sent' WHERE outbound_id = $1`, [outboundId]);
        return;
      case 'failed':
        await manager.query(
          `UPDATE whatsapp_web_pending_replies SET handled_at = now(), outcome = 'failed', attempts = attempts + 1, last_error = $2 WHERE outbound_id = $1`,
          [outboundId, outcome.error],
        );
        return;
      case 'attempt-failed':
        await manager.query(`UPDATE whatsapp_web_pending_replies SET attempts = attempts + 1, last_error = $2 WHERE outbound_id = $1`, [outboundId, outcome.error]);
        return;
      case 'deferred':
        return;
    }
  }
}

function replyOf(row: PendingReplyRow): WhatsappWebQueuedReply {
  return {
    outboundId: row.outbound_id,
    tenantId: row.tenant_id,
    ticketId: row.ticket_id,
    traceId: row.trace_id,
    number: row.number,
    recipient: row.recipient,
    text: row.text,
    ...(row.quoted_message_id === null ? {} : { quotedMessageId: row.quoted_message_id }),
    attempts: row.attempts,
  };
}
