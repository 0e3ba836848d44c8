import { TOPICS, type TicketEventV1Message, type TicketSnapshotV1Message } from '@tributary/contracts';
import { appendOutbox } from './outbox.repository';
import type { SqlExecutor } from './sql-executor';
import { ticketSnapshot } from './ticket-event.factory';
import { ticketChannels, type TicketRow } from './ticket.repository';

/**
 * Writes a ticket change to the outbox: the event for the event topic and the new snapshot for
 * the compacted state topic, under the ticket's new sequence, in the caller's transaction.
 */
export async function announceTicketChange(
  sql: SqlExecutor,
  ticket: TicketRow,
  buildEvent: (snapshot: TicketSnapshotV1Message) => TicketEventV1Message,
): Promise<TicketEventV1Message> {
  const { channels, messageCount } = await ticketChannels(sql, ticket.id);
  const snapshot = ticketSnapshot(ticket, channels.length > 0 ? channels : [ticket.origin_channel], messageCount);
  const event = buildEvent(snapshot);
  const common = { tenantId: ticket.tenant_id, ticketId: ticket.id, sequence: ticket.sequence, recordKey: ticket.id };
  await appendOutbox(sql, { ...common, topic: TOPICS.ticketEvents, payload: event, eventId: event.eventId });
  await appendOutbox(sql, { ...common, topic: TOPICS.ticketState, payload: snapshot });
  return event;
}
