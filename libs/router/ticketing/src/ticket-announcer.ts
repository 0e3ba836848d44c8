import { TOPICS, type TicketEventV1Message, type TicketSnapshotV1Message } from '@tributary/contracts';
import { DIRECT_OUTBOX, type OutboxSink } from './outbox.repository';
import type { SqlExecutor } from './sql-executor';
import { ticketSnapshot } from './ticket-event.factory';
import { ticketChannels, type TicketRow } from './ticket.repository';

export interface TicketMessageStats {
  /** Channels with messages on the ticket, first-used first. */
  readonly channels: TicketSnapshotV1Message['channels'];
  readonly messageCount: number;
}

export interface AnnounceOptions {
  /** Defaults to writing the rows at once. */
  readonly outbox?: OutboxSink;
  /** Already known to the caller (read with the ticket update); queried otherwise. */
  readonly stats?: TicketMessageStats;
}

/**
 * Writes a ticket change to the outbox, under the ticket's new sequence, in the caller's
 * transaction: one row, the event. The event carries the new snapshot (`ticket`), and the relay
 * sends that to the compacted state topic, so the snapshot is not written a second time.
 */
export async function announceTicketChange(
  sql: SqlExecutor,
  ticket: TicketRow,
  buildEvent: (snapshot: TicketSnapshotV1Message) => TicketEventV1Message,
  options: AnnounceOptions = {},
): Promise<TicketEventV1Message> {
  const { channels, messageCount } = options.stats ?? (await ticketChannels(sql, ticket.id));
  const snapshot = ticketSnapshot(ticket, channels.length > 0 ? channels : [ticket.origin_channel], messageCount);
  const event = buildEvent(snapshot);
  const outbox = options.outbox ?? DIRECT_OUTBOX;
  await outbox.append(sql, {
    tenantId: ticket.tenant_id,
    ticketId: ticket.id,
    sequence: ticket.sequence,
    recordKey: ticket.id,
    topic: TOPICS.ticketEvents,
    payload: event,
    eventId: event.eventId,
  });
  return event;
}
