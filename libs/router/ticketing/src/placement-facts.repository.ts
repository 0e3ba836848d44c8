import type { SqlExecutor } from './sql-executor';

/** Everything the placement rules ask of the database about one message, read in one statement. */
export interface PlacementFacts {
  /** Ticket of the nearest ancestor email we hold (email replies only). */
  readonly threadTicketId: string | null;
  /** Ticket named by the token in the subject. */
  readonly tokenTicketId: string | null;
  /** First message with the same words from the same contact on another channel within the window. */
  readonly repeat: { readonly messageId: string; readonly ticketId: string } | null;
  /** The contact's open ticket (outside per-conversation tickets). */
  readonly openTicketId: string | null;
  /** The contact's most recently active solved ticket inside the reopen window. */
  readonly reopenableTicketId: string | null;
}

export interface PlacementQuestion {
  readonly tenantId: string;
  readonly contactId: string;
  readonly emailAncestors: readonly string[];
  readonly token: string | null;
  readonly fingerprint: string | null;
  readonly channel: string;
  readonly repeatSince: Date;
  readonly reopenSince: Date;
}

interface FactsRow {
  thread_ticket_id: string | null;
  token_ticket_id: string | null;
  repeat_message_id: string | null;
  repeat_ticket_id: string | null;
  open_ticket_id: string | null;
  reopenable_ticket_id: string | null;
}

const FACTS_SQL = `
SELECT thread.ticket_id AS thread_ticket_id, token.id AS token_ticket_id,
       repeat.id AS repeat_message_id, repeat.ticket_id AS repeat_ticket_id,
       open.id AS open_ticket_id, reopenable.id AS reopenable_ticket_id
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT m.ticket_id FROM messages m WHERE m.tenant_id = $1 AND m.email_message_id = ANY($2::text[])
     ORDER BY array_position($2::text[], m.email_message_id) LIMIT 1) thread ON true
  LEFT JOIN LATERAL (SELECT t.id FROM tickets t WHERE t.tenant_id = $1 AND t.token = $3) token ON true
  LEFT JOIN LATERAL (
    SELECT m.id, m.ticket_id FROM messages m
     WHERE m.tenant_id = $1 AND m.contact_id = $4 AND m.text_fingerprint = $5 AND m.channel <> $6 AND m.received_at >= $7
       AND m.duplicate_of_id IS NULL
     ORDER BY m.received_at LIMIT 1) repeat ON true
  LEFT JOIN LATERAL (
    SELECT t.id FROM tickets t WHERE t.tenant_id = $1 AND t.contact_id = $4 AND t.status IN ('open', 'pending')
       AND t.conversation_key IS NULL) open ON true
  LEFT JOIN LATERAL (
    SELECT t.id FROM tickets t WHERE t.tenant_id = $1 AND t.contact_id = $4 AND t.status = 'solved' AND t.merged_into_id IS NULL
       AND t.conversation_key IS NULL AND t.last_message_at >= $8
     ORDER BY t.last_message_at DESC LIMIT 1) reopenable ON true`;

export async function findPlacementFacts(sql: SqlExecutor, question: PlacementQuestion): Promise<PlacementFacts> {
  const [row] = await sql.query<FactsRow>(FACTS_SQL, [
    question.tenantId,
    [...question.emailAncestors],
    question.token,
    question.contactId,
    question.fingerprint,
    question.channel,
    question.repeatSince,
    question.reopenSince,
  ]);
  if (!row) throw new Error('the placement facts query returned no row');
  return {
    threadTicketId: row.thread_ticket_id,
    tokenTicketId: row.token_ticket_id,
    repeat: row.repeat_message_id && row.repeat_ticket_id ? { messageId: row.repeat_message_id, ticketId: row.repeat_ticket_id } : null,
    openTicketId: row.open_ticket_id,
    reopenableTicketId: row.reopenable_ticket_id,
  };
}
