import type { Channel } from '@tributary/contracts';
import type { TicketMessageStats } from './ticket-announcer';
import type { SqlExecutor } from './sql-executor';
import type { TicketRow } from './ticket.repository';

interface ProgressRow extends TicketRow {
  channels: Channel[];
  message_count: string;
}

/**
 * Records a new message on its ticket (next sequence, last message time, reopened if asked) and
 * returns the ticket with its channels and message count, which the announcement needs: one round
 * trip where it used to take two. The message itself was inserted earlier in this transaction, so
 * the counts include it.
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
      RETURNING tickets.*,
        (SELECT coalesce(json_agg(per_channel.channel ORDER BY per_channel.first_at), '[]'::json)
           FROM (SELECT channel, min(received_at) AS first_at FROM messages WHERE ticket_id = $1 GROUP BY channel) per_channel) AS channels,
        (SELECT count(*) FROM messages WHERE ticket_id = $1) AS message_count`,
    [ticketId, messageAt, reopen],
  );
  if (!row) throw new Error(`ticket ${ticketId} not found`);
  const { channels, message_count: messageCount, ...ticket } = row;
  return { ticket, stats: { channels, messageCount: Number(messageCount) } };
}
