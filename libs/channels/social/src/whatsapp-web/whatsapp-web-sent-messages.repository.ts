import type { DataSource, EntityManager } from 'typeorm';
import type { WhatsappWebSentMessage, WhatsappWebSentMessagesPort } from './whatsapp-web-sent-message';

interface SentMessageRow {
  readonly number: string;
  readonly key_id: string;
  readonly message_id: string;
  readonly outbound_id: string;
  readonly tenant_id: string;
  readonly ticket_id: string;
  readonly trace_id: string;
}

/** `whatsapp_web_sent_messages` in the app's PostgreSQL. */
export class WhatsappWebSentMessagesRepository implements WhatsappWebSentMessagesPort {
  constructor(private readonly dataSource: DataSource) {}

  /** `manager`: inside a transaction of the caller's (a stored reply's, recorded as it is closed). */
  async record(sent: WhatsappWebSentMessage, manager: Pick<EntityManager, 'query'> = this.dataSource): Promise<void> {
    // A reply sent again (the ledger's at-least-once after a crash) is a new message with a new key id;
    // the same key id twice is the same send recorded twice, and the first row stands.
    await manager.query(
      `INSERT INTO whatsapp_web_sent_messages (number, key_id, message_id, outbound_id, tenant_id, ticket_id, trace_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (number, key_id) DO NOTHING`,
      [sent.number, sent.keyId, sent.messageId, sent.outboundId, sent.tenantId, sent.ticketId, sent.traceId],
    );
  }

  async find(number: string, keyId: string): Promise<WhatsappWebSentMessage | undefined> {
    const rows = await this.dataSource.query<SentMessageRow[]>(
      `SELECT number, key_id, message_id, outbound_id, tenant_id, ticket_id, trace_id FROM whatsapp_web_sent_messages WHERE number = $1 AND key_id = $2`,
      [number, keyId],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { number: row.number, keyId: row.key_id, messageId: row.message_id, outboundId: row.outbound_id, tenantId: row.tenant_id, ticketId: row.ticket_id, traceId: row.trace_id };
  }
}
