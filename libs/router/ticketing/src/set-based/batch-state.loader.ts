import type { InboundBatchContext } from '../inbound-batch.context';
import { conversationKeyOf, trustedIdentities } from '../placement-question';
import type { PreparedMessage } from '../prepared-message';
import type { SqlExecutor } from '../sql-executor';
import { identitiesSharingMatchKey } from '@tributary/platform-identity';
import { textFingerprint, threadAncestors, tokenFromSubject } from '@tributary/router-domain';
import { loadContactTickets, loadEmailAncestors, loadRepeatCandidates, loadThreadTickets, withoutStats, type IdentityKey } from './batch-prefetch.repository';
import { BatchState } from './batch-state';
import type { ContactResolution } from './contact-resolution';

const HOUR_MS = 3_600_000;

export interface FreshMessage {
  readonly index: number;
  readonly prepared: PreparedMessage;
}

/** The identity rows a message's sender may already be stored as. */
export function identityKeys({ prepared }: FreshMessage): IdentityKey[] {
  return trustedIdentities(prepared.identities).flatMap((identity) => identitiesSharingMatchKey(identity).map((form) => ({ tenantId: prepared.message.tenantId, ...form })));
}

/**
 * Everything the rules may ask about these messages, in five statements: the emails they answer,
 * earlier messages they may repeat, the tickets those sit on and the ones subject tokens name (with
 * wherever their merges lead), and the open or recently solved tickets of their contacts and
 * conversations.
 */
export async function loadBatchState(
  sql: SqlExecutor,
  batch: InboundBatchContext,
  fresh: readonly FreshMessage[],
  contactOf: ReadonlyMap<number, string>,
  contacts: ContactResolution,
): Promise<BatchState> {
  const state = new BatchState();
  const messages = fresh.map(({ prepared }) => prepared.message);
  const earliest = (hours: (tenantId: string) => number) =>
    new Date(Math.min(...messages.map((m) => new Date(m.receivedAt).getTime() - hours(m.tenantId) * HOUR_MS)));

  const ancestors = messages.flatMap((m) => (m.channel === 'email' ? threadAncestors(m).map((messageId) => ({ tenantId: m.tenantId, messageId })) : []));
  for (const known of await loadEmailAncestors(sql, ancestors)) state.addMessage(known);
  const repeatWanted = fresh.flatMap(({ index, prepared: { message } }) => {
    const fingerprint = textFingerprint(message.text);
    const contactId = contactOf.get(index) as string;
    return fingerprint && !contacts.isNew(contactId) ? [{ tenantId: message.tenantId, contactId, fingerprint }] : [];
  });
  const repeatSince = earliest((tenantId) => batch.tenant(tenantId).repeatWindowMinutes / 60);
  for (const known of await loadRepeatCandidates(sql, repeatWanted, repeatSince)) state.addMessage(known);

  const tokens = messages.flatMap((m) => {
    const token = tokenFromSubject(m.subject);
    return token ? [{ tenantId: m.tenantId, token }] : [];
  });
  const threadTickets = await loadThreadTickets(sql, state.knownTicketIds(), tokens);
  for (const ticket of threadTickets) state.addTicket(withoutStats(ticket));

  const conversations = messages.flatMap((message) => {
    const key = conversationKeyOf(message);
    return batch.tenant(message.tenantId).threadingPolicy === 'conversation' && key !== null ? [{ tenantId: message.tenantId, key }] : [];
  });
  // A thread's per-conversation ticket may have a successor in its conversation (threadTarget).
  for (const ticket of threadTickets) if (ticket.conversation_key !== null) conversations.push({ tenantId: ticket.tenant_id, key: ticket.conversation_key });
  const knownContacts = [...contactOf.values()].filter((id) => !contacts.isNew(id));
  const contactIds = [...new Set([...knownContacts, ...threadTickets.map((t) => t.contact_id)])];
  const reopenSince = earliest((tenantId) => batch.tenant(tenantId).reopenWindowHours);
  for (const ticket of await loadContactTickets(sql, contactIds, reopenSince, conversations)) {
    if (!state.tickets.has(ticket.id)) state.addTicket(withoutStats(ticket));
  }
  return state;
}
