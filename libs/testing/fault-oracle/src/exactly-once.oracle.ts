import type { TicketEventV1Message } from '@tributary/contracts';
import { announcedEvent, type AnnouncedEvent } from './announced-event';
import { inputNumber, type NumberedInput } from './numbered-inputs';

/** What the router kept of a run: its stored messages and every ticket event read off the topic. */
export interface RunOutput {
  /** One row per stored message: its dedupe key and text. */
  readonly stored: readonly { readonly dedupeKey: string; readonly text: string }[];
  /** Contacts of the run's tenant with more than one open ticket. */
  readonly contactsWithTwoOpenTickets: number;
  /** Ticket events as read, repeats included (the relay may republish after a crash); whole or as the oracle reads them. */
  readonly events: readonly (TicketEventV1Message | AnnouncedEvent)[];
}

export interface Verdict {
  readonly lost: readonly number[];
  readonly duplicated: readonly number[];
  readonly contactsWithTwoOpenTickets: number;
  /** Two different events claiming one ticket's sequence number, or one event id with two contents. */
  readonly conflictingEvents: readonly string[];
  readonly sequenceGaps: readonly string[];
  /** Messages announced out of the order their customer sent them in, each described. */
  readonly outOfOrder: readonly string[];
}

/**
 * Compares a fault run's output with its numbered inputs: every acknowledged input present exactly
 * once, one open ticket per contact, ticket events unique by id with gap-free sequences per ticket,
 * and each customer's messages announced in the order they were sent.
 */
export function judgeRun(inputs: readonly NumberedInput[], output: RunOutput): Verdict {
  const storedCount = new Map<string, number>();
  for (const row of output.stored) storedCount.set(row.dedupeKey, (storedCount.get(row.dedupeKey) ?? 0) + 1);
  const lost = inputs.filter((input) => !storedCount.has(input.value.dedupeKey)).map((input) => input.n);
  const duplicated = inputs.filter((input) => (storedCount.get(input.value.dedupeKey) ?? 0) > 1).map((input) => input.n);

  const byId = new Map<string, AnnouncedEvent>();
  const conflictingEvents: string[] = [];
  for (const read of output.events) {
    const event = 'digest' in read ? read : announcedEvent(read);
    const known = byId.get(event.eventId);
    if (known && known.digest !== event.digest) conflictingEvents.push(`event ${event.eventId} republished with other content`);
    byId.set(event.eventId, event);
  }
  const byTicket = new Map<string, AnnouncedEvent[]>();
  for (const event of byId.values()) {
    const events = byTicket.get(event.ticketId);
    if (events) events.push(event);
    else byTicket.set(event.ticketId, [event]);
  }

  const sequenceGaps: string[] = [];
  const lastSeqOf = new Map<number, number>();
  const outOfOrder: string[] = [];
  for (const [ticketId, events] of byTicket) {
    events.sort((a, b) => a.sequence - b.sequence);
    events.forEach((event, index) => {
      if (event.sequence !== index + 1) sequenceGaps.push(`ticket ${ticketId}: event ${index + 1} has sequence ${event.sequence}`);
    });
    for (let i = 1; i < events.length; i += 1) {
      if (events[i]?.sequence === events[i - 1]?.sequence) conflictingEvents.push(`ticket ${ticketId}: two events with sequence ${events[i]?.sequence}`);
    }
    for (const event of events) {
      if (event.text === undefined) continue;
      const n = inputNumber(event.text);
      const input = n === undefined ? undefined : inputs[n];
      if (!input) continue;
      const last = lastSeqOf.get(input.contact);
      if (last !== undefined && input.seq < last) {
        outOfOrder.push(`customer ${input.contact}: message ${input.seq} announced after message ${last} (ticket ${ticketId}, sequence ${event.sequence})`);
      }
      lastSeqOf.set(input.contact, input.seq);
    }
  }
  return { lost, duplicated, contactsWithTwoOpenTickets: output.contactsWithTwoOpenTickets, conflictingEvents, sequenceGaps, outOfOrder };
}
