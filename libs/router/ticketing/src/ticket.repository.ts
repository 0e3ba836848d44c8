import { randomUUID } from 'node:crypto';
import type { Channel, TICKET_STATUSES } from '@tributary/contracts';
import { newTicketToken } from '@tributary/router-domain';
import { channelFirsts } from './ticket-channels.util';
import type { SqlExecutor } from './sql-executor';
import { threadTarget } from './thread-target';

export interface TicketRow {
  id: string;
  tenant_id: string;
  contact_id: string;
  token: string;
  status: (typeof TICKET_STATUSES)[number];
  origin_channel: Channel;
  subject: string | null;
  sequence: number;
  created_at: Date;
  updated_at: Date;
  last_message_at: Date;
}

const OPEN = `status IN ('open', 'pending')`;

export async function findOpenTicketOfContact(sql: SqlExecutor, tenantId: string, contactId: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT id FROM tickets WHERE tenant_id = $1 AND contact_id = $2 AND ${OPEN} AND conversation_key IS NULL`,
    [tenantId, contactId],
  );
  return row?.id ?? null;
}

export async function findOpenTicketOfConversation(sql: SqlExecutor, tenantId: string, conversationKey: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(`SELECT id FROM tickets WHERE tenant_id = $1 AND conversation_key = $2 AND ${OPEN}`, [tenantId, conversationKey]);
  return row?.id ?? null;
}

/** Opens a ticket for one channel conversation unless it has an open one (the partial unique index decides). */
export async function openConversationTicket(
  sql: SqlExecutor,
  ticket: { tenantId: string; contactId: string; conversationKey: string; channel: Channel; subject: string | undefined; at: Date },
): Promise<{ id: string; created: boolean }> {
  const [inserted] = await sql.query<{ id: string }>(
    `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, subject, conversation_key, created_at, updated_at, last_message_at)
     VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $8, $8)
     ON CONFLICT (tenant_id, conversation_key) WHERE ${OPEN} AND conversation_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [randomUUID(), ticket.tenantId, ticket.contactId, newTicketToken(), ticket.channel, ticket.subject ?? null, ticket.conversationKey, ticket.at],
  );
  if (inserted) return { id: inserted.id, created: true };
  const existing = await findOpenTicketOfConversation(sql, ticket.tenantId, ticket.conversationKey);
  if (!existing) throw new Error(`no open ticket for conversation ${ticket.conversationKey} after a conflicting insert`);
  return { id: existing, created: false };
}

/**
 * Opens a ticket unless the contact already has an open one; the partial unique index decides, so
 * two routers racing for one contact end with one ticket. Returns the id and whether it is new.
 */
export async function openTicket(
  sql: SqlExecutor,
  ticket: { tenantId: string; contactId: string; channel: Channel; subject: string | undefined; at: Date },
): Promise<{ id: string; created: boolean }> {
  const [inserted] = await sql.query<{ id: string }>(
    `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, subject, created_at, updated_at, last_message_at)
     VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $7, $7)
     ON CONFLICT (tenant_id, contact_id) WHERE ${OPEN} AND conversation_key IS NULL DO NOTHING
     RETURNING id`,
    [randomUUID(), ticket.tenantId, ticket.contactId, newTicketToken(), ticket.channel, ticket.subject ?? null, ticket.at],
  );
  if (inserted) return { id: inserted.id, created: true };
  const existing = await findOpenTicketOfContact(sql, ticket.tenantId, ticket.contactId);
  if (!existing) throw new Error(`no open ticket for contact ${ticket.contactId} after a conflicting insert`);
  return { id: existing, created: false };
}

/** Follows `ticketId`'s merges to the surviving ticket and applies threadTarget to it. */
export async function resolveThreadTarget(sql: SqlExecutor, ticketId: string): Promise<{ id: string; reopen: boolean }> {
  const [survivor] = await sql.query<{ id: string; contact_id: string; tenant_id: string; status: TicketRow['status']; conversation_key: string | null }>(
    `WITH RECURSIVE chain AS (
       SELECT id, merged_into_id, contact_id, tenant_id, status, conversation_key, 0 AS depth FROM tickets WHERE id = $1
       UNION ALL
       SELECT t.id, t.merged_into_id, t.contact_id, t.tenant_id, t.status, t.conversation_key, chain.depth + 1
         FROM tickets t JOIN chain ON t.id = chain.merged_into_id
        WHERE chain.depth < 32)
     SELECT id, contact_id, tenant_id, status, conversation_key FROM chain WHERE merged_into_id IS NULL LIMIT 1`,
    [ticketId],
  );
  if (!survivor) throw new Error(`ticket ${ticketId} merges into a loop or nowhere`);
  const isOpen = survivor.status === 'open' || survivor.status === 'pending';
  return threadTarget(survivor, {
    ofConversation: !isOpen && survivor.conversation_key !== null ? await findOpenTicketOfConversation(sql, survivor.tenant_id, survivor.conversation_key) : null,
    ofContact: !isOpen && survivor.conversation_key === null ? await findOpenTicketOfContact(sql, survivor.tenant_id, survivor.contact_id) : null,
  });
}

/** Every channel with messages on the ticket, first-used first, and how many messages it holds (kept on the row by the messages trigger). */
export async function ticketChannels(sql: SqlExecutor, ticketId: string): Promise<{ channels: Channel[]; messageCount: number }> {
  const [row] = await sql.query<{ message_count: number; channel_first_at: Record<string, string> }>(
    'SELECT message_count, channel_first_at FROM tickets WHERE id = $1',
    [ticketId],
  );
  return { channels: channelFirsts(row?.channel_first_at ?? {}).map((first) => first.channel), messageCount: row?.message_count ?? 0 };
}

/** Closes `sourceId` as merged into `targetId`; its messages stay on it, so the merge can be undone. */
export async function closeAsMerged(
  sql: SqlExecutor,
  sourceId: string,
  targetId: string,
): Promise<{ ticket: TicketRow; previousStatus: TicketRow['status'] }> {
  const [row] = await sql.query<TicketRow & { previous_status: TicketRow['status'] }>(
    `WITH previous AS (SELECT status FROM tickets WHERE id = $1)
     UPDATE tickets SET status = 'closed', merged_into_id = $2, closed_at = now(), updated_at = now(), sequence = sequence + 1
      WHERE id = $1 RETURNING tickets.*, (SELECT status FROM previous) AS previous_status`,
    [sourceId, targetId],
  );
  if (!row) throw new Error(`ticket ${sourceId} not found`);
  const { previous_status: previousStatus, ...ticket } = row;
  return { ticket, previousStatus };
}

export async function bumpTicket(sql: SqlExecutor, ticketId: string): Promise<TicketRow> {
  const [row] = await sql.query<TicketRow>('UPDATE tickets SET sequence = sequence + 1, updated_at = now() WHERE id = $1 RETURNING *', [ticketId]);
  if (!row) throw new Error(`ticket ${ticketId} not found`);
  return row;
}

/** Hands every ticket of `fromContactId` to `toContactId`, returning them as they now stand. */
export function handOverTickets(sql: SqlExecutor, fromContactId: string, toContactId: string): Promise<TicketRow[]> {
  return sql.query<TicketRow>('UPDATE tickets SET contact_id = $2 WHERE contact_id = $1 RETURNING *', [fromContactId, toContactId]);
}

/** Gives the listed tickets still with `fromContactId` back to `contactId` (an unmerge), returning those that changed hands. */
export function handBackTickets(sql: SqlExecutor, ticketIds: readonly string[], fromContactId: string, contactId: string): Promise<TicketRow[]> {
  return sql.query<TicketRow>('UPDATE tickets SET contact_id = $2 WHERE id = ANY($1::uuid[]) AND contact_id = $3 RETURNING *', [ticketIds, contactId, fromContactId]);
}

/**
 * Undoes a merge of `ticketId` into `survivorId`, restoring `status`, unless the ticket moved on
 * since (reopened, merged elsewhere) or reopening it would give its contact (or conversation) a
 * second open ticket. Null when it stays closed.
 */
export async function reopenMergedTicket(sql: SqlExecutor, ticketId: string, survivorId: string, status: TicketRow['status']): Promise<TicketRow | null> {
  const [row] = await sql.query<TicketRow>(
    `UPDATE tickets t SET status = $3, merged_into_id = NULL, closed_at = NULL, sequence = sequence + 1, updated_at = now()
      WHERE t.id = $1 AND t.status = 'closed' AND t.merged_into_id = $2
        AND NOT EXISTS (SELECT 1 FROM tickets o WHERE o.tenant_id = t.tenant_id AND ${OPEN.replace('status', 'o.status')}
              AND ((t.conversation_key IS NULL AND o.conversation_key IS NULL AND o.contact_id = t.contact_id) OR o.conversation_key = t.conversation_key))
      RETURNING t.*`,
    [ticketId, survivorId, status],
  );
  return row ?? null;
}

/** The two tickets oldest first; on a tie `preferredFirst` (the merge target's) counts as older. */
export async function olderTicketFirst(sql: SqlExecutor, preferredFirst: string, other: string): Promise<[string, string]> {
  const rows = await sql.query<{ id: string }>('SELECT id FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY created_at, (id = $2) DESC', [[preferredFirst, other], preferredFirst]);
  const [older, newer] = rows.map((row) => row.id);
  if (!older || !newer) throw new Error(`tickets ${preferredFirst} and ${other} not both found`);
  return [older, newer];
}
