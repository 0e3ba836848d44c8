import { randomUUID } from 'node:crypto';
import type { InboundMessageV1Message } from '@tributary/contracts';
import type { PlacementRule } from '@tributary/router-persistence';
import type { SqlExecutor } from './sql-executor';

/** The placement rule recorded with each message, as TicketEvent v1 names it. */
export type StoredRule = PlacementRule;

export async function messageExists(sql: SqlExecutor, tenantId: string, dedupeKey: string): Promise<boolean> {
  const rows = await sql.query<{ id: string }>('SELECT id FROM messages WHERE tenant_id = $1 AND dedupe_key = $2', [tenantId, dedupeKey]);
  return rows.length > 0;
}

/** The ticket of the nearest ancestor email we hold, if any. */
export async function findTicketByEmailAncestors(sql: SqlExecutor, tenantId: string, ancestors: readonly string[]): Promise<string | null> {
  if (ancestors.length === 0) return null;
  const [row] = await sql.query<{ ticket_id: string }>(
    `SELECT m.ticket_id FROM messages m WHERE m.tenant_id = $1 AND m.email_message_id = ANY($2)
      ORDER BY array_position($2, m.email_message_id) LIMIT 1`,
    [tenantId, ancestors],
  );
  return row?.ticket_id ?? null;
}

/** The first message with the same words from the same contact on another channel within the window. */
export async function findRecentRepeat(
  sql: SqlExecutor,
  repeat: { tenantId: string; contactId: string; fingerprint: string; channel: string; since: Date },
): Promise<{ id: string; ticketId: string } | null> {
  const [row] = await sql.query<{ id: string; ticket_id: string }>(
    `SELECT id, ticket_id FROM messages
      WHERE tenant_id = $1 AND contact_id = $2 AND text_fingerprint = $3 AND channel <> $4 AND received_at >= $5
        AND duplicate_of_id IS NULL
      ORDER BY received_at LIMIT 1`,
    [repeat.tenantId, repeat.contactId, repeat.fingerprint, repeat.channel, repeat.since],
  );
  return row ? { id: row.id, ticketId: row.ticket_id } : null;
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
     VALUES ($1, $2, $3, $4, $5, 'inbound', $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
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
    ],
  );
  return id;
}
