import { randomUUID } from 'node:crypto';
import type { InboundMessageV1Message, PLACEMENT_RULES } from '@tributary/contracts';
import type { SqlExecutor } from './sql-executor';

/** The placement rule recorded with each message, as TicketEvent v1 names it. */
export type StoredRule = (typeof PLACEMENT_RULES)[number];

/** Which of these (tenant, dedupe key) pairs are stored already, in one statement. */
export async function findStoredDedupeKeys(
  sql: SqlExecutor,
  keys: readonly { tenantId: string; dedupeKey: string }[],
): Promise<{ tenantId: string; dedupeKey: string }[]> {
  if (keys.length === 0) return [];
  const rows = await sql.query<{ tenant_id: string; dedupe_key: string }>(
    `SELECT m.tenant_id, m.dedupe_key FROM messages m
       JOIN unnest($1::text[], $2::text[]) AS wanted(tenant_id, dedupe_key)
         ON m.tenant_id = wanted.tenant_id AND m.dedupe_key = wanted.dedupe_key`,
    [keys.map((key) => key.tenantId), keys.map((key) => key.dedupeKey)],
  );
  return rows.map((row) => ({ tenantId: row.tenant_id, dedupeKey: row.dedupe_key }));
}

export interface NewMessage {
  readonly message: InboundMessageV1Message;
  readonly dedupeKey: string;
  readonly ticketId: string;
  readonly contactId: string;
  readonly emailMessageId: string | null;
  readonly fingerprint: string | null;
  readonly rule: StoredRule;
  readonly duplicateOfId: string | null;
}

export async function insertMessage(sql: SqlExecutor, row: NewMessage): Promise<string> {
  const id = randomUUID();
  const { message } = row;
  await sql.query(
    `INSERT INTO messages (id, tenant_id, dedupe_key, ticket_id, contact_id, direction, channel, provider, provider_message_id,
                           email_message_id, text_fingerprint, rule, duplicate_of_id, received_at, payload)
     VALUES ($1, $2, $3, $4, $5, $15, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      id,
      message.tenantId,
      row.dedupeKey,
      row.ticketId,
      row.contactId,
      message.channel,
      message.provider,
      message.providerMessageId,
      row.emailMessageId,
      row.fingerprint,
      row.rule,
      row.duplicateOfId,
      message.receivedAt,
      JSON.stringify(message),
      // Written by the business outside Tributary (Meta's inbox, the WhatsApp phone app): shown as the agent's.
      message.direction ?? 'inbound',
    ],
  );
  return id;
}

/** The ticket a stored message is on (messages stay on their ticket, even one merged away). */
export async function ticketOfMessage(sql: SqlExecutor, messageId: string): Promise<string> {
  const [row] = await sql.query<{ ticket_id: string }>('SELECT ticket_id FROM messages WHERE id = $1', [messageId]);
  if (!row) throw new Error(`message ${messageId} not found`);
  return row.ticket_id;
}
