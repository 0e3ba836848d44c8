import type { DataSource } from 'typeorm';
import type { MetaReportedState, MetaSentMessage, MetaSentMessagesPort, MetaWatermarkCoverage } from './meta-sent-message';

interface SentMessageRow {
  readonly account_id: string;
  readonly message_id: string;
  readonly recipient_id: string;
  readonly channel: 'messenger' | 'instagram';
  readonly outbound_id: string;
  readonly tenant_id: string;
  readonly ticket_id: string;
  readonly trace_id: string;
  readonly sent_at: Date;
}

const COLUMNS = 'account_id, message_id, recipient_id, channel, outbound_id, tenant_id, ticket_id, trace_id, sent_at';
/** A watermark over a long conversation still maps in one bounded read; the rest follow with the next one. */
const MAX_COVERED = 500;
/** States a message may still move to from each: nothing moves back from read. */
const BELOW: Readonly<Record<MetaReportedState, string>> = {
  delivered: 'reported_state IS NULL',
  read: "(reported_state IS NULL OR reported_state = 'delivered')",
};

/** `meta_sent_messages` in the app's PostgreSQL. */
export class MetaSentMessagesRepository implements MetaSentMessagesPort {
  constructor(private readonly dataSource: DataSource) {}

  async record(sent: MetaSentMessage): Promise<void> {
    // The same message id twice is one send recorded twice (a retried write); the first row stands.
    await this.dataSource.query(
      `INSERT INTO meta_sent_messages (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (account_id, message_id) DO NOTHING`,
      [sent.accountId, sent.messageId, sent.recipientId, sent.channel, sent.outboundId, sent.tenantId, sent.ticketId, sent.traceId, sent.sentAt],
    );
  }

  async find(accountId: string, messageId: string): Promise<MetaSentMessage | undefined> {
    const rows = await this.dataSource.query<SentMessageRow[]>(`SELECT ${COLUMNS} FROM meta_sent_messages WHERE account_id = $1 AND message_id = $2`, [accountId, messageId]);
    const row = rows[0];
    return row === undefined ? undefined : fromRow(row);
  }

  async unreported(accountId: string, recipientId: string, coverage: MetaWatermarkCoverage, state: MetaReportedState): Promise<MetaSentMessage[]> {
    const rows = await this.dataSource.query<SentMessageRow[]>(
      `SELECT ${COLUMNS} FROM meta_sent_messages
        WHERE account_id = $1 AND recipient_id = $2 AND (sent_at <= $3 OR message_id = ANY($4::text[])) AND ${BELOW[state]}
        ORDER BY sent_at, message_id LIMIT ${MAX_COVERED}`,
      [accountId, recipientId, coverage.until, [...coverage.messageIds]],
    );
    return rows.map(fromRow);
  }

  async markReported(accountId: string, messageIds: readonly string[], state: MetaReportedState): Promise<void> {
    if (messageIds.length === 0) return;
    // Guarded like the read: a `delivered` arriving after `read` leaves the row at read.
    await this.dataSource.query(`UPDATE meta_sent_messages SET reported_state = $3 WHERE account_id = $1 AND message_id = ANY($2::text[]) AND ${BELOW[state]}`, [
      accountId,
      [...messageIds],
      state,
    ]);
  }
}

function fromRow(row: SentMessageRow): MetaSentMessage {
  return {
    accountId: row.account_id,
    messageId: row.message_id,
    recipientId: row.recipient_id,
    channel: row.channel,
    outboundId: row.outbound_id,
    tenantId: row.tenant_id,
    ticketId: row.ticket_id,
    traceId: row.trace_id,
    sentAt: row.sent_at,
  };
}
