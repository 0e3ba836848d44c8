import { normalizeMessageId } from '@tributary/router-domain';
import { type NormalizedIdentity } from '@tributary/platform-identity';
import { attachIdentities, createContact, findIdentityOwners } from './contact.repository';
import type { InboundBatchContext } from './inbound-batch.context';
import { insertMessage } from './message.repository';
import { trustedIdentities } from './placement-question';
import type { PreparedMessage } from './prepared-message';
import type { SqlExecutor } from './sql-executor';
import { announceTicketChange } from './ticket-announcer';
import { messageEvent } from './ticket-event.factory';
import { placeMessage } from './ticket-placement';
import { advanceTicketForMessage } from './ticket-progress.repository';
import { mergeContactsOfVerifiedSender } from './verified-link.merger';

export type IngestOutcome =
  | { readonly status: 'stored'; readonly messageId: string; readonly ticketId: string; readonly rule: string; readonly eventId: string }
  | { readonly status: 'duplicate'; readonly dedupeKey: string };

/**
 * Stores one inbound message and places it in a ticket, inside the batch's transaction: the
 * message, the contact, the ticket change and the outbox events commit together or not at all.
 * A message stored before (redelivery, or a copy in another mailbox) changes nothing. The batch
 * context has already locked the message's keys and knows its tenant and stored dedupe keys.
 */
export async function ingestInboundMessage(sql: SqlExecutor, batch: InboundBatchContext, prepared: PreparedMessage): Promise<IngestOutcome> {
  const { message, dedupeKey, identities } = prepared;
  if (batch.isStored(message.tenantId, dedupeKey)) return { status: 'duplicate', dedupeKey };
  const tenant = batch.tenant(message.tenantId);

  const contactId = await resolveContact(sql, batch, tenant.id, identities, message);
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

  const { ticket, stats } = await advanceTicketForMessage(sql, placement.ticketId, new Date(message.receivedAt), placement.reopen);
  const sender = identities[0] as NormalizedIdentity;
  const placed = { messageId, rule: placement.rule, duplicateOfId: placement.duplicateOfId, created: placement.created, sender };
  const event = await announceTicketChange(sql, ticket, (snapshot) => messageEvent(snapshot, placed, message), { outbox: batch.outbox, stats });
  return { status: 'stored', messageId, ticketId: ticket.id, rule: placement.rule, eventId: event.eventId };
}

/**
 * The contact behind the sender: the oldest one owning any of its trusted identities, gaining the
 * others; or a new contact. Several identities are trusted together only when the channel vouched
 * for the sender (a verified chat user); otherwise only the first one counts, so nobody can attach
 * someone else's email to themselves. A verified sender whose identities belong to several
 * contacts proves they are one person: they are merged into the oldest (DESIGN rule 3).
 */
async function resolveContact(
  sql: SqlExecutor,
  batch: InboundBatchContext,
  tenantId: string,
  identities: readonly NormalizedIdentity[],
  message: PreparedMessage['message'],
): Promise<string> {
  const verified = identities.some((identity) => identity.verified);
  const trusted = trustedIdentities(identities);
  const owners = await findIdentityOwners(sql, tenantId, trusted);
  const [oldest, ...others] = [...new Set(owners.map((owner) => owner.contactId))];
  const contactId = oldest ?? (await createContact(sql, tenantId, message.sender.displayName, new Date(message.receivedAt)));
  if (verified && others.length > 0) {
    // The merge writes its ticket events straight to the outbox: the batch's earlier events go first.
    await batch.flush(sql);
    await mergeContactsOfVerifiedSender(sql, tenantId, contactId, others);
  }
  // The common case, a known sender writing again, needs no identity write at all.
  const needsWrite = (identity: NormalizedIdentity): boolean => {
    const row = owners.find((owner) => owner.kind === identity.kind && owner.value === identity.value);
    return row === undefined || (identity.verified && !row.verified);
  };
  const toAttach = others.length > 0 ? trusted : trusted.filter(needsWrite);
  if (toAttach.length > 0) await attachIdentities(sql, tenantId, contactId, toAttach);
  return contactId;
}
