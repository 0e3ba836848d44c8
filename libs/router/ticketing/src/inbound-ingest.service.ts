import type { InboundMessageV1Message } from '@tributary/contracts';
import { effectiveDedupeKey, normalizeMessageId, normalizeSender, type NormalizedIdentity } from '@tributary/router-domain';
import { lockKeys } from './advisory-lock.util';
import { attachIdentities, createContact, findContactIds } from './contact.repository';
import { insertMessage, messageExists } from './message.repository';
import type { SqlExecutor } from './sql-executor';
import { ensureTenant } from './tenant.repository';
import { announceTicketChange } from './ticket-announcer';
import { messageEvent } from './ticket-event.factory';
import { placeMessage } from './ticket-placement';
import { advanceTicket } from './ticket.repository';
import { mergeContactsOfVerifiedSender } from './verified-link.merger';

export type IngestOutcome =
  | { readonly status: 'stored'; readonly messageId: string; readonly ticketId: string; readonly rule: string; readonly eventId: string }
  | { readonly status: 'duplicate'; readonly dedupeKey: string };

/**
 * Stores one inbound message and places it in a ticket, inside the caller's transaction: the
 * message, the contact, the ticket change and the outbox events commit together or not at all.
 * A message stored before (redelivery, or a copy in another mailbox) changes nothing.
 */
export async function ingestInboundMessage(sql: SqlExecutor, message: InboundMessageV1Message): Promise<IngestOutcome> {
  const identities = normalizeSender(message.sender.identities);
  const dedupeKey = effectiveDedupeKey(message);
  await lockKeys(sql, [`dedupe:${message.tenantId}:${dedupeKey}`, ...identities.map((identity) => `identity:${message.tenantId}:${identity.matchKey}`)]);

  const tenant = await ensureTenant(sql, message.tenantId);
  if (await messageExists(sql, tenant.id, dedupeKey)) return { status: 'duplicate', dedupeKey };

  const contactId = await resolveContact(sql, tenant.id, identities, message.sender.displayName);
  const placement = await placeMessage(sql, tenant, contactId, message);
  const messageId = await insertMessage(sql, {
    message,
    dedupeKey,
    ticketId: placement.ticketId,
    contactId,
    emailMessageId: message.thread.messageId ? normalizeMessageId(message.thread.messageId) : null,
    fingerprint: placement.fingerprint,
    rule: placement.rule,
    duplicateOfId: placement.duplicateOfId,
  });

  const ticket = await advanceTicket(sql, placement.ticketId, new Date(message.receivedAt), placement.reopen);
  const sender = identities[0] as NormalizedIdentity;
  const placed = { messageId, rule: placement.rule, duplicateOfId: placement.duplicateOfId, created: placement.created, sender };
  const event = await announceTicketChange(sql, ticket, (snapshot) => messageEvent(snapshot, placed, message));
  return { status: 'stored', messageId, ticketId: ticket.id, rule: placement.rule, eventId: event.eventId };
}

/**
 * The contact behind the sender: the oldest one owning any of its trusted identities, gaining the
 * others; or a new contact. Several identities are trusted together only when the channel vouched
 * for the sender (a verified chat user); otherwise only the first one counts, so nobody can attach
 * someone else's email to themselves. A verified sender whose identities belong to several
 * contacts proves they are one person: they are merged into the oldest (DESIGN rule 3).
 */
async function resolveContact(sql: SqlExecutor, tenantId: string, identities: readonly NormalizedIdentity[], displayName: string | undefined): Promise<string> {
  const verified = identities.some((identity) => identity.verified);
  const trusted = verified ? identities : identities.slice(0, 1);
  const [oldest, ...others] = await findContactIds(sql, tenantId, trusted);
  const contactId = oldest ?? (await createContact(sql, tenantId, displayName));
  if (verified && others.length > 0) await mergeContactsOfVerifiedSender(sql, tenantId, contactId, others);
  await attachIdentities(sql, tenantId, contactId, trusted);
  return contactId;
}
