import type { SqlExecutor } from '../sql-executor';
import { channelFirsts } from '../ticket-channels.util';
import type { BatchTicket, KnownMessage } from './batch-ticket';

export interface IdentityKey {
  readonly tenantId: string;
  readonly kind: string;
  readonly value: string;
}

export interface StoredIdentity extends IdentityKey {
  readonly contactId: string;
  readonly verified: boolean;
  readonly contactCreatedAt: Date;
}

/** A tickets row as SELECT * gives it; channel_first_at is kept by the messages trigger (see channelFirsts). */
type TicketSqlRow = Omit<BatchTicket, 'channel_firsts'> & { channel_first_at: Record<string, string> };

interface MessageSqlRow {
  id: string;
  tenant_id: string;
  ticket_id: string;
  contact_id: string;
  channel: string;
  text_fingerprint: string | null;
  email_message_id: string | null;
  received_at: Date;
  is_duplicate: boolean;
}

const MESSAGE_COLUMNS = `m.id, m.tenant_id, m.ticket_id, m.contact_id, m.channel, m.text_fingerprint, m.email_message_id, m.received_at,
  m.duplicate_of_id IS NOT NULL AS is_duplicate`;

/** Every stored identity with one of these (tenant, kind, value) keys, whichever contact owns it. */
export async function loadIdentities(sql: SqlExecutor, keys: readonly IdentityKey[]): Promise<StoredIdentity[]> {
  if (keys.length === 0) return [];
  const rows = await sql.query<{ tenant_id: string; kind: string; value: string; contact_id: string; verified: boolean; created_at: Date }>(
    `SELECT i.tenant_id, i.kind, i.value, i.contact_id, i.verified, c.created_at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS wanted(tenant_id, kind, value)
       JOIN contact_identities i ON i.tenant_id = wanted.tenant_id AND i.kind = wanted.kind AND i.value = wanted.value
       JOIN contacts c ON c.id = i.contact_id`,
    [keys.map((k) => k.tenantId), keys.map((k) => k.kind), keys.map((k) => k.value)],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, kind: r.kind, value: r.value, contactId: r.contact_id, verified: r.verified, contactCreatedAt: r.created_at }));
}

/** Stored emails with these Message-IDs (the ancestors the batch's replies name). */
export async function loadEmailAncestors(sql: SqlExecutor, ancestors: readonly { tenantId: string; messageId: string }[]): Promise<KnownMessage[]> {
  if (ancestors.length === 0) return [];
  const rows = await sql.query<MessageSqlRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM unnest($1::text[], $2::text[]) AS wanted(tenant_id, email_message_id)
       JOIN messages m ON m.tenant_id = wanted.tenant_id AND m.email_message_id = wanted.email_message_id`,
    [ancestors.map((a) => a.tenantId), ancestors.map((a) => a.messageId)],
  );
  return rows.map(knownMessage);
}

/** Earlier messages that later ones may repeat: same contact and words, not themselves duplicates, inside the window. */
export async function loadRepeatCandidates(
  sql: SqlExecutor,
  wanted: readonly { tenantId: string; contactId: string; fingerprint: string }[],
  since: Date,
): Promise<KnownMessage[]> {
  if (wanted.length === 0) return [];
  const rows = await sql.query<MessageSqlRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM unnest($1::text[], $2::uuid[], $3::text[]) AS wanted(tenant_id, contact_id, fingerprint)
       JOIN messages m ON m.tenant_id = wanted.tenant_id AND m.contact_id = wanted.contact_id AND m.text_fingerprint = wanted.fingerprint
      WHERE m.received_at >= $4 AND m.duplicate_of_id IS NULL`,
    [wanted.map((w) => w.tenantId), wanted.map((w) => w.contactId), wanted.map((w) => w.fingerprint), since],
  );
  return rows.map(knownMessage);
}

/** Tickets named by token, or holding an ancestor email, with every ticket their merges lead to. */
export async function loadThreadTickets(
  sql: SqlExecutor,
  ticketIds: readonly string[],
  tokens: readonly { tenantId: string; token: string }[],
): Promise<TicketSqlRow[]> {
  if (ticketIds.length === 0 && tokens.length === 0) return [];
  return sql.query<TicketSqlRow>(
    `WITH RECURSIVE chain AS (
       SELECT t.* FROM tickets t WHERE t.id = ANY($1::uuid[])
       UNION
       SELECT t.* FROM unnest($2::text[], $3::text[]) AS wanted(tenant_id, token) JOIN tickets t ON t.tenant_id = wanted.tenant_id AND t.token = wanted.token
       UNION
       SELECT t.* FROM tickets t JOIN chain ON t.id = chain.merged_into_id)
     SELECT * FROM chain`,
    [ticketIds, tokens.map((t) => t.tenantId), tokens.map((t) => t.token)],
  );
}

/** The contacts' open tickets and their solved ones recent enough to reopen, and the open tickets of these conversations. */
export async function loadContactTickets(
  sql: SqlExecutor,
  contactIds: readonly string[],
  reopenSince: Date,
  conversations: readonly { tenantId: string; key: string }[],
): Promise<TicketSqlRow[]> {
  if (contactIds.length === 0 && conversations.length === 0) return [];
  return sql.query<TicketSqlRow>(
    `SELECT t.* FROM tickets t
      WHERE t.contact_id = ANY($1::uuid[]) AND t.conversation_key IS NULL
        AND (t.status IN ('open', 'pending') OR (t.status = 'solved' AND t.merged_into_id IS NULL AND t.last_message_at >= $2))
     UNION
     SELECT t.* FROM unnest($3::text[], $4::text[]) AS wanted(tenant_id, conversation_key)
       JOIN tickets t ON t.tenant_id = wanted.tenant_id AND t.conversation_key = wanted.conversation_key AND t.status IN ('open', 'pending')`,
    [contactIds, reopenSince, conversations.map((c) => c.tenantId), conversations.map((c) => c.key)],
  );
}

/**
 * Locks the existing tickets the batch will change, in id order so two batches never wait on
 * each other in a circle, and returns them as they are now, with their message stats.
 */
export async function lockTickets(sql: SqlExecutor, ticketIds: readonly string[]): Promise<BatchTicket[]> {
  if (ticketIds.length === 0) return [];
  const rows = await sql.query<TicketSqlRow>('SELECT * FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ticketIds]);
  return rows.map(({ channel_first_at: firstAt, ...row }) => ({ ...row, channel_firsts: channelFirsts(firstAt) }));
}

export function withoutStats({ channel_first_at: _firstAt, ...row }: TicketSqlRow): BatchTicket {
  return { ...row, channel_firsts: [], message_count: 0 };
}

function knownMessage(row: MessageSqlRow): KnownMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ticketId: row.ticket_id,
    contactId: row.contact_id,
    channel: row.channel,
    fingerprint: row.text_fingerprint,
    emailMessageId: row.email_message_id,
    receivedAt: row.received_at,
    isDuplicate: row.is_duplicate,
  };
}
