import { channelFirsts } from './ticket-channels.util';
import type { TicketMessageStats } from './ticket-announcer';
import type { SqlExecutor } from './sql-executor';
import type { TicketRow } from './ticket.repository';

interface ProgressRow extends TicketRow {
  message_count: number;
  channel_first_at: Record<string, string>;
}

/**
 * Records a new message on its ticket (next sequence, last message time, reopened if asked) and
 * returns the ticket with its channels and message count, which the announcement needs, in one
 * round trip. The message itself was inserted earlier in this transaction, and the trigger on
 * messages has counted it on the row already.
 */
export async function advanceTicketForMessage(
  sql: SqlExecutor,
  ticketId: string,
  messageAt: Date,
  reopen: boolean,
): Promise<{ ticket: TicketRow; stats: TicketMessageStats }> {
  const [row] = await sql.query<ProgressRow>(
    `UPDATE tickets SET sequence = sequence + 1, updated_at = now(),
            last_message_at = GREATEST(last_message_at, $2),
            status = CASE WHEN $3 THEN 'open' ELSE status END, closed_at = CASE WHEN $3 THEN NULL ELSE closed_at END
      WHERE id = $1
      RETURNING tickets.*`,
    [ticketId, messageAt, reopen],
  );
  if (!row) throw new Error(`ticket ${ticketId} not found`);
  const { channel_first_at: firstAt, message_count: messageCount, ...ticket } = row;
  return { ticket, stats: { channels: channelFirsts(firstAt).map((first) => first.channel), messageCount } };
}
