import type { SqlExecutor } from './sql-executor';
import { announceTicketChange, type AnnounceOptions } from './ticket-announcer';
import { attachmentSettledEvent } from './ticket-event.factory';
import { bumpTicket } from './ticket.repository';

/** Announces an attachment's outcome on the ticket its message is on, as the ticket's next event. */
export async function announceAttachmentOutcome(
  sql: SqlExecutor,
  ticketId: string,
  state: 'stored' | 'failed',
  traceId: string | undefined,
  options: AnnounceOptions = {},
): Promise<void> {
  const ticket = await bumpTicket(sql, ticketId);
  await announceTicketChange(sql, ticket, (snapshot) => attachmentSettledEvent(snapshot, state, traceId), options);
}
