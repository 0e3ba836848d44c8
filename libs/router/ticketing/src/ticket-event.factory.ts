import { randomUUID } from 'node:crypto';
import {
  MAX_EVENT_HTML_LENGTH,
  TicketEventV1,
  parseContract,
  type ContactIdentity,
  type DeliveryState,
  type InboundMessageV1Message,
  type TicketEventV1Message,
  type TicketSnapshotV1Message,
} from '@tributary/contracts';
import type { NormalizedIdentity } from '@tributary/platform-identity';
import type { StoredRule } from './message.repository';
import type { TicketRow } from './ticket.repository';

/**
 * The snapshot and the message event are built for every routed message, so they are typed, not
 * validated again (zod cost 16-19 µs a message): every field comes from a validated inbound message
 * or from a row the database's constraints hold to the contract. ticket-event.factory.property.spec
 * keeps that honest: whatever valid inbound message and ticket row it generates, TicketEvent v1
 * accepts the event as built, unchanged. The rarer events below are still validated as they are built.
 */
export function ticketSnapshot(ticket: TicketRow, channels: TicketSnapshotV1Message['channels'], messageCount: number): TicketSnapshotV1Message {
  return {
    schemaVersion: 1,
    ticketId: ticket.id,
    tenantId: ticket.tenant_id,
    status: ticket.status,
    originChannel: ticket.origin_channel,
    channels,
    ...(ticket.subject === null ? {} : { subject: ticket.subject }),
    contactId: ticket.contact_id,
    messageCount,
    sequence: ticket.sequence,
    createdAt: ticket.created_at.toISOString(),
    updatedAt: ticket.updated_at.toISOString(),
    lastMessageAt: ticket.last_message_at.toISOString(),
  };
}

/** The event announcing an inbound message on its ticket (typed, not validated again: see ticketSnapshot). */
export function messageEvent(
  snapshot: TicketSnapshotV1Message,
  placed: { messageId: string; rule: StoredRule; duplicateOfId: string | null; created: boolean; sender: NormalizedIdentity },
  message: InboundMessageV1Message,
): TicketEventV1Message {
  return {
    schemaVersion: 1,
    eventId: randomUUID(),
    tenantId: snapshot.tenantId,
    ticketId: snapshot.ticketId,
    sequence: snapshot.sequence,
    occurredAt: snapshot.updatedAt,
    traceId: message.traceId,
    ticket: snapshot,
    type: placed.created ? 'ticket.created' : 'ticket.message-added',
    message: {
      messageId: placed.messageId,
      channel: message.channel,
      direction: message.direction ?? 'inbound',
      sender: {
        identity: senderIdentity(placed.sender),
        ...(message.sender.displayName ? { displayName: message.sender.displayName } : {}),
      },
      ...(message.subject === undefined ? {} : { subject: message.subject }),
      text: message.text,
      ...(message.html !== undefined && message.html.length <= MAX_EVENT_HTML_LENGTH ? { html: message.html } : {}),
      attachments: message.attachments,
      autoSubmitted: message.autoSubmitted.flagged,
      receivedAt: message.receivedAt,
      rule: placed.rule,
      ...(placed.duplicateOfId ? { duplicateOfMessageId: placed.duplicateOfId } : {}),
    },
  };
}

/** The sender as a routed message's event names it: its first identity, normalized. */
export function senderIdentity(sender: NormalizedIdentity): ContactIdentity {
  return sender.kind === 'chat-user' ? { kind: 'chat-user', value: sender.value, verified: sender.verified } : { kind: sender.kind, value: sender.value };
}

function envelope(snapshot: TicketSnapshotV1Message) {
  return {
    schemaVersion: 1 as const,
    eventId: randomUUID(),
    tenantId: snapshot.tenantId,
    ticketId: snapshot.ticketId,
    sequence: snapshot.sequence,
    occurredAt: snapshot.updatedAt,
    ticket: snapshot,
  };
}

/** On the surviving ticket: another ticket was folded into it. */
export function mergedEvent(snapshot: TicketSnapshotV1Message, mergedTicketId: string, mergedBy: string): TicketEventV1Message {
  return parseContract(TicketEventV1, { ...envelope(snapshot), type: 'ticket.merged', mergedTicketId, mergedBy });
}

/** On the folded ticket: it was closed. */
export function statusChangedEvent(snapshot: TicketSnapshotV1Message, from: TicketSnapshotV1Message['status'], changedBy: string): TicketEventV1Message {
  return parseContract(TicketEventV1, { ...envelope(snapshot), type: 'ticket.status-changed', from, to: snapshot.status, changedBy });
}

/** On the ticket: an agent's reply was queued for its channel. */
export function replyQueuedEvent(
  snapshot: TicketSnapshotV1Message,
  reply: { outboundId: string; channel: TicketSnapshotV1Message['originChannel']; authorId: string; traceId: string },
): TicketEventV1Message {
  return parseContract(TicketEventV1, {
    ...envelope(snapshot),
    traceId: reply.traceId,
    type: 'ticket.reply-queued',
    outboundId: reply.outboundId,
    channel: reply.channel,
    authorId: reply.authorId,
  });
}

/** On the ticket: its outbound message reached a new delivery state. */
export function deliveryUpdatedEvent(
  snapshot: TicketSnapshotV1Message,
  delivery: { outboundId: string; state: DeliveryState; error?: { code: string; message: string; recipientUnreachable?: boolean } | undefined; traceId: string },
): TicketEventV1Message {
  return parseContract(TicketEventV1, {
    ...envelope(snapshot),
    traceId: delivery.traceId,
    type: 'ticket.delivery-updated',
    outboundId: delivery.outboundId,
    state: delivery.state,
    ...(delivery.error ? { error: delivery.error } : {}),
  });
}

/**
 * On a ticket handed to another contact by a contact merge or unmerge. TicketEvent v1 has no
 * contact-change type, so it is a status change whose `from` equals `to`: the snapshot carries the
 * new contactId, and the state topic gets it too.
 */
export function contactHandoverEvent(snapshot: TicketSnapshotV1Message, changedBy: string): TicketEventV1Message {
  return parseContract(TicketEventV1, { ...envelope(snapshot), type: 'ticket.status-changed', from: snapshot.status, to: snapshot.status, changedBy });
}

/**
 * On a ticket one of whose messages had an attachment settled (stored, or failed for good).
 * TicketEvent v1 has no attachment type, and a new one would break consumers that validate against
 * the v1 schema (and see a gap in the per-ticket sequence where they drop it), so, like a contact
 * hand-over, it is a status change whose `from` equals `to`: the new sequence and snapshot, and
 * `changedBy` naming what changed. The attachment itself is read from GET /v1/tickets/:id.
 */
export function attachmentSettledEvent(snapshot: TicketSnapshotV1Message, state: 'stored' | 'failed', traceId: string | undefined): TicketEventV1Message {
  return parseContract(TicketEventV1, {
    ...envelope(snapshot),
    ...(traceId ? { traceId } : {}),
    type: 'ticket.status-changed',
    from: snapshot.status,
    to: snapshot.status,
    changedBy: `router:attachment-${state}`,
  });
}
