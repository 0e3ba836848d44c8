import { createHash } from 'node:crypto';
import type { TicketEventV1Message } from '@tributary/contracts';

/**
 * What the oracle reads of a ticket event: its identity, place and message text, and a digest of
 * the whole event (so a republished event with other content is still caught). Small enough to
 * keep every event of a long soak in memory, where whole events would take gigabytes.
 */
export interface AnnouncedEvent {
  readonly eventId: string;
  readonly ticketId: string;
  readonly sequence: number;
  readonly type: TicketEventV1Message['type'];
  /** The message's text, for `ticket.created` and `ticket.message-added`. */
  readonly text: string | undefined;
  readonly digest: string;
}

export function announcedEvent(event: TicketEventV1Message): AnnouncedEvent {
  const text = event.type === 'ticket.created' || event.type === 'ticket.message-added' ? event.message.text : undefined;
  const digest = createHash('sha1').update(JSON.stringify(event)).digest('base64');
  return { eventId: event.eventId, ticketId: event.ticketId, sequence: event.sequence, type: event.type, text, digest };
}
