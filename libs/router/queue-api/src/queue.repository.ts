import type { AttachmentRef, Channel, DeliveryState, InboundMessageV1Message, OutboundMessageV1Message, PLACEMENT_RULES } from '@tributary/contracts';
import type { SqlExecutor, TicketRow } from '@tributary/router-ticketing';

export interface TicketListFilter {
  readonly status?: string | undefined;
  readonly channel?: Channel | undefined;
  readonly updatedSince?: string | undefined;
  /** Position after which the page starts: the exact updated_at text and the id of the last ticket seen. */
  readonly after?: { readonly updatedAt: string; readonly id: string } | undefined;
  readonly limit: number;
}

export interface TicketSummaryRow {
  id: string;
  token: string;
  status: TicketRow['status'];
  origin_channel: Channel;
  subject: string | null;
  contact_id: string;
  sequence: number;
  created_at: Date;
  updated_at: Date;
  updated_at_exact: string;
  last_message_at: Date;
  merged_into_id: string | null;
}

const SUMMARY_COLUMNS = `t.id, t.token, t.status, t.origin_channel, t.subject, t.contact_id, t.sequence, t.created_at, t.updated_at,
  t.updated_at::text AS updated_at_exact, t.last_message_at, t.merged_into_id`;

/** Newest activity first; keyset pagination on (updated_at, id), so pages never skip or repeat a ticket. */
export function listTickets(sql: SqlExecutor, tenantId: string, filter: TicketListFilter): Promise<TicketSummaryRow[]> {
  return sql.query<TicketSummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM tickets t
      WHERE t.tenant_id = $1 AND t.merged_into_id IS NULL
        AND ($2::text IS NULL OR t.status = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id IN ${withMergedTickets('t.id')} AND m.channel = $3))
        AND ($4::timestamptz IS NULL OR t.updated_at >= $4)
        AND ($5::timestamptz IS NULL OR (t.updated_at, t.id) < ($5::timestamptz, $6::uuid))
      ORDER BY t.updated_at DESC, t.id DESC LIMIT $7`,
    [tenantId, filter.status ?? null, filter.channel ?? null, filter.updatedSince ?? null, filter.after?.updatedAt ?? null, filter.after?.id ?? null, filter.limit],
  );
}

export async function findTicket(sql: SqlExecutor, tenantId: string, ticketId: string, lock = false): Promise<TicketSummaryRow | null> {
  const [row] = await sql.query<TicketSummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM tickets t WHERE t.tenant_id = $1 AND t.id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenantId, ticketId],
  );
  return row ?? null;
}

export interface TicketMessageRow {
  id: string;
  direction: 'inbound' | 'outbound';
  channel: Channel;
  rule: (typeof PLACEMENT_RULES)[number];
  duplicate_of_id: string | null;
  received_at: Date;
  payload: InboundMessageV1Message;
}

/**
 * The ticket and every ticket merged into it, however deep (A into B into C): a merge leaves messages
 * and replies on the ticket they came to, so that it can be undone, and the survivor shows them all.
 */
function withMergedTickets(param: string): string {
  return `(WITH RECURSIVE folded(id) AS (SELECT ${param}::uuid UNION SELECT t.id FROM tickets t JOIN folded f ON t.merged_into_id = f.id) SELECT id FROM folded)`;
}

export function ticketMessages(sql: SqlExecutor, ticketId: string): Promise<TicketMessageRow[]> {
  return sql.query<TicketMessageRow>(
    `SELECT id, direction, channel, rule, duplicate_of_id, received_at, payload FROM messages WHERE ticket_id IN ${withMergedTickets('$1')} ORDER BY received_at, created_at`,
    [ticketId],
  );
}

/** The customer's latest message on the ticket (merged tickets included), on one channel or any. */
export async function latestInboundMessage(sql: SqlExecutor, ticketId: string, channel: Channel | undefined): Promise<TicketMessageRow | null> {
  const [row] = await sql.query<TicketMessageRow>(
    `SELECT id, direction, channel, rule, duplicate_of_id, received_at, payload FROM messages
      WHERE ticket_id IN ${withMergedTickets('$1')} AND direction = 'inbound' AND ($2::text IS NULL OR channel = $2)
      ORDER BY received_at DESC, created_at DESC LIMIT 1`,
    [ticketId, channel ?? null],
  );
  return row ?? null;
}

/**
 * A stored attachment of one message of the tenant's ticket, by its content hash: one that came with
 * the message, or one stored later by the ingest's media retry. Null when there is none such.
 */
export async function messageAttachmentFile(sql: SqlExecutor, tenantId: string, ticketId: string, messageId: string, sha256: string): Promise<AttachmentRef | null> {
  const [row] = await sql.query<{ file: AttachmentRef }>(
    `SELECT file FROM messages m CROSS JOIN LATERAL jsonb_array_elements(COALESCE(m.payload->'attachments', '[]'::jsonb)) AS file
      WHERE m.tenant_id = $1 AND m.ticket_id IN ${withMergedTickets('$2')} AND m.id = $3 AND file->>'sha256' = $4
     UNION ALL
     SELECT a.attachment FROM message_attachments a JOIN messages m ON m.id = a.message_id
      WHERE m.tenant_id = $1 AND m.ticket_id IN ${withMergedTickets('$2')} AND m.id = $3 AND a.state = 'stored' AND a.attachment->>'sha256' = $4
     LIMIT 1`,
    [tenantId, ticketId, messageId, sha256],
  );
  return row?.file ?? null;
}

/** Sets the status and counts the change as the ticket's next event. */
export async function setTicketStatus(sql: SqlExecutor, ticketId: string, status: TicketRow['status']): Promise<TicketRow> {
  const [row] = await sql.query<TicketRow>(
    `UPDATE tickets SET status = $2, sequence = sequence + 1, updated_at = now(),
            closed_at = CASE WHEN $2 IN ('solved', 'closed') THEN now() ELSE NULL END
      WHERE id = $1 RETURNING *`,
    [ticketId, status],
  );
  if (!row) throw new Error(`ticket ${ticketId} not found`);
  return row;
}

export interface TicketReplyRow {
  id: string;
  channel: Channel;
  author_id: string;
  requested_at: Date;
  payload: OutboundMessageV1Message;
  delivery_state: DeliveryState | null;
  delivery_error: { code: string; message: string } | null;
  provider_message_id: string | null;
  delivery_occurred_at: Date | null;
}

/** The agents' replies on the ticket (merged tickets included) with the latest delivery state each reached. */
export function ticketReplies(sql: SqlExecutor, ticketId: string): Promise<TicketReplyRow[]> {
  return sql.query<TicketReplyRow>(
    `SELECT id, channel, author_id, requested_at, payload, delivery_state, delivery_error, provider_message_id, delivery_occurred_at
       FROM outbound_messages WHERE ticket_id IN ${withMergedTickets('$1')} ORDER BY requested_at, created_at`,
    [ticketId],
  );
}

export interface TicketAttachmentRow {
  message_id: string;
  attachment_id: string;
  name: string | null;
  content_type: string | null;
  state: 'pending' | 'stored' | 'failed';
  attachment: AttachmentRef | null;
  error: { code: string; message: string } | null;
}

/** The announced attachments of the ticket's messages (pending, or settled), in the order each message announced them. */
export function ticketAttachments(sql: SqlExecutor, ticketId: string): Promise<TicketAttachmentRow[]> {
  return sql.query<TicketAttachmentRow>(
    `SELECT a.message_id, a.attachment_id, a.name, a.content_type, a.state, a.attachment, a.error
       FROM message_attachments a JOIN messages m ON m.id = a.message_id
      WHERE m.ticket_id IN ${withMergedTickets('$1')} ORDER BY a.message_id, a.position`,
    [ticketId],
  );
}
