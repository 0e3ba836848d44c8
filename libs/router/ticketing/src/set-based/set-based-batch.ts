import { randomUUID } from 'node:crypto';
import type { Channel } from '@tributary/contracts';
import { newTicketToken, normalizeMessageId } from '@tributary/router-domain';
import { type NormalizedIdentity } from '@tributary/platform-identity';
import type { InboundBatchContext } from '../inbound-batch.context';
import type { IngestOutcome } from '../inbound-ingest.service';
import type { StoredRule } from '../message.repository';
import { choosePlacement } from '../placement-choice';
import { placementQuestion } from '../placement-question';
import type { PreparedMessage } from '../prepared-message';
import type { SqlExecutor } from '../sql-executor';
import { announceTicketChange } from '../ticket-announcer';
import { messageEvent } from '../ticket-event.factory';
import { loadIdentities, lockTickets } from './batch-prefetch.repository';
import type { BatchState } from './batch-state';
import { identityKeys, loadBatchState, type FreshMessage } from './batch-state.loader';
import { withChannel, type BatchTicket } from './batch-ticket';
import { insertContacts, insertMessages, insertTickets, updateTickets, upsertIdentities, type MessageWrite } from './batch-writes.repository';
import { ContactResolution, MergeNeededError } from './contact-resolution';

export interface SetBasedRun {
  /** One outcome per slot before `consumed`. */
  readonly outcomes: readonly IngestOutcome[];
  /** Slots handled; the slot at this index (if any) merges contacts and must be stored on its own. */
  readonly consumed: number;
}

/** The batch changed under us (a ticket's status moved between reading and locking): run it message by message. */
export class BatchChangedError extends Error {}

interface Placed {
  readonly slot: number;
  readonly prepared: PreparedMessage;
  readonly messageId: string;
  readonly contactId: string;
  readonly ticketId: string;
  readonly rule: StoredRule;
  readonly created: boolean;
  readonly reopen: boolean;
  readonly duplicateOfId: string | null;
  readonly fingerprint: string | null;
}

/**
 * The whole batch in a fixed number of statements: read what the rules need for every message at
 * once, place the messages in memory in order (each one seeing the ones before it, exactly as the
 * per-message path would), then write contacts, identities, tickets, messages, ticket updates and
 * outbox rows one statement each. It stops before a message that merges contacts (the caller stores
 * that one message by message and calls again for the rest, so every message still sees the ones
 * before it). Anything else unusual — a conflict with another router, a row PostgreSQL refuses —
 * throws, and the caller runs the batch message by message.
 */
export async function ingestBatchSetBased(sql: SqlExecutor, batch: InboundBatchContext, slots: readonly PreparedMessage[]): Promise<SetBasedRun> {
  const candidates = freshMessages(batch, slots);
  const contacts = new ContactResolution(await loadIdentities(sql, candidates.flatMap(identityKeys)));
  const contactOf = new Map<number, string>();
  // Stops before the first message that merges contacts: the caller stores it on its own and comes back.
  let consumed = slots.length;
  for (const { index, prepared } of candidates) {
    try {
      const { message } = prepared;
      contactOf.set(index, contacts.resolve(message.tenantId, prepared.identities, message.sender.displayName, new Date(message.receivedAt)));
    } catch (error) {
      if (!(error instanceof MergeNeededError)) throw error;
      consumed = index;
      break;
    }
  }
  const fresh = candidates.filter(({ index }) => index < consumed);

  const state = await loadBatchState(sql, batch, fresh, contactOf, contacts);
  // As read, before placement changes them in memory: compared with the rows once they are locked.
  const asRead = new Map([...state.tickets.values()].map((t) => [t.id, `${t.status}|${t.merged_into_id}|${t.contact_id}`]));
  const existing = new Set(asRead.keys());
  const placed = fresh.map(({ index, prepared }) => place(state, batch, index, prepared, contactOf.get(index) as string));

  const { now } = batch;
  const locked = await lockTickets(sql, [...new Set(placed.map((p) => p.ticketId).filter((id) => existing.has(id)))]);
  for (const current of locked) {
    if (asRead.get(current.id) !== `${current.status}|${current.merged_into_id}|${current.contact_id}`) {
      throw new BatchChangedError(`ticket ${current.id} changed while the batch was being placed`);
    }
  }
  const final = new Map<string, BatchTicket>([...locked.map((t): [string, BatchTicket] => [t.id, t])]);
  const outcomes: (IngestOutcome | null)[] = slots.slice(0, consumed).map(() => null);
  const messages: MessageWrite[] = [];
  for (const p of placed) {
    const ticket = final.get(p.ticketId) ?? newTicketFor(state.ticket(p.ticketId));
    final.set(ticket.id, advance(ticket, p, now));
    messages.push(messageWrite(p));
    const sender = p.prepared.identities[0] as NormalizedIdentity;
    const advanced = final.get(ticket.id) as BatchTicket;
    const event = await announceTicketChange(
      sql,
      advanced,
      (snapshot) => messageEvent(snapshot, { messageId: p.messageId, rule: p.rule, duplicateOfId: p.duplicateOfId, created: p.created, sender }, p.prepared.message),
      { outbox: batch.outbox, stats: { channels: advanced.channel_firsts.map((first) => first.channel), messageCount: advanced.message_count } },
    );
    outcomes[p.slot] = { status: 'stored', messageId: p.messageId, ticketId: ticket.id, rule: p.rule, eventId: event.eventId };
  }
  for (const [index, prepared] of slots.slice(0, consumed).entries()) {
    outcomes[index] ??= { status: 'duplicate', dedupeKey: prepared.dedupeKey };
  }

  await insertContacts(sql, contacts.newContacts);
  await upsertIdentities(sql, contacts.identityWrites(), randomUUID);
  await insertTickets(sql, [...final.values()].filter((t) => !existing.has(t.id)));
  await insertMessages(sql, messages);
  await updateTickets(sql, [...final.values()].filter((t) => existing.has(t.id)));
  return { outcomes: outcomes as IngestOutcome[], consumed };
}

/** The batch's messages not stored before, each once (a redelivery inside one batch is a duplicate too). */
function freshMessages(batch: InboundBatchContext, slots: readonly PreparedMessage[]): FreshMessage[] {
  const seen = new Set<string>();
  return slots.flatMap((prepared, index) => {
    const key = `${prepared.message.tenantId}\u0000${prepared.dedupeKey}`;
    if (batch.isStored(prepared.message.tenantId, prepared.dedupeKey) || seen.has(key)) return [];
    seen.add(key);
    return [{ index, prepared }];
  });
}

function place(state: BatchState, batch: InboundBatchContext, slot: number, prepared: PreparedMessage, contactId: string): Placed {
  const { message } = prepared;
  const tenant = batch.tenant(message.tenantId);
  const received = new Date(message.receivedAt);
  const question = placementQuestion(message, tenant, contactId);
  const { fingerprint } = question;
  const facts = state.facts(question);
  const base = { slot, prepared, messageId: randomUUID(), contactId, fingerprint, created: false, reopen: false, duplicateOfId: null };
  const choice = choosePlacement(message, tenant, facts);
  let result: Placed;
  switch (choice.kind) {
    case 'thread': {
      const target = state.threadTarget(choice.ticketId);
      result = { ...base, ticketId: target.id, rule: choice.rule, reopen: target.reopen };
      break;
    }
    case 'repeat': {
      const target = state.threadTarget(choice.ticketId);
      result = { ...base, ticketId: target.id, rule: 'cross-channel-repeat', duplicateOfId: choice.duplicateOfId, reopen: target.reopen };
      break;
    }
    case 'conversation': {
      const open = state.openConversationTicket(tenant.id, choice.conversationKey);
      const ticket = open ?? openInMemory(state, message, contactId, choice.conversationKey);
      result = { ...base, ticketId: ticket.id, rule: open ? 'channel-conversation' : 'new-ticket', created: !open };
      break;
    }
    case 'open':
      result = { ...base, ticketId: choice.ticketId, rule: 'open-ticket-of-contact' };
      break;
    case 'reopen':
      result = { ...base, ticketId: choice.ticketId, rule: 'reopened', reopen: true };
      break;
    case 'new':
      result = { ...base, ticketId: openInMemory(state, message, contactId, null).id, rule: 'new-ticket', created: true };
      break;
  }
  // Later messages of the batch see this one: its ticket reopened and active, its words and Message-ID known.
  const ticket = state.ticket(result.ticketId);
  if (result.reopen) ticket.status = 'open';
  if (received > ticket.last_message_at) ticket.last_message_at = received;
  state.addMessage({
    id: result.messageId,
    tenantId: tenant.id,
    ticketId: result.ticketId,
    contactId,
    channel: message.channel,
    fingerprint,
    emailMessageId: message.thread.messageId ? normalizeMessageId(message.thread.messageId) : null,
    receivedAt: received,
    isDuplicate: result.duplicateOfId !== null,
  });
  return result;
}

function openInMemory(state: BatchState, message: PreparedMessage['message'], contactId: string, conversationKey: string | null): BatchTicket {
  const at = new Date(message.receivedAt);
  const ticket: BatchTicket = {
    id: randomUUID(),
    tenant_id: message.tenantId,
    contact_id: contactId,
    token: newTicketToken(),
    status: 'open',
    origin_channel: message.channel,
    subject: message.subject ?? null,
    sequence: 0,
    created_at: at,
    updated_at: at,
    last_message_at: at,
    conversation_key: conversationKey,
    merged_into_id: null,
    closed_at: null,
    channel_firsts: [],
    message_count: 0,
  };
  state.addTicket(ticket);
  return ticket;
}

/** A ticket this batch opened, as it stood before its first message (placement already marked it active). */
function newTicketFor(ticket: BatchTicket): BatchTicket {
  return { ...ticket, status: 'open', sequence: 0, last_message_at: ticket.created_at, channel_firsts: [], message_count: 0 };
}

/** The ticket after one more message, as advanceTicketForMessage would leave it. */
function advance(ticket: BatchTicket, p: Placed, now: Date): BatchTicket {
  const received = new Date(p.prepared.message.receivedAt);
  const channel: Channel = p.prepared.message.channel;
  return {
    ...ticket,
    sequence: ticket.sequence + 1,
    updated_at: now,
    last_message_at: received > ticket.last_message_at ? received : ticket.last_message_at,
    status: p.reopen ? 'open' : ticket.status,
    closed_at: p.reopen ? null : ticket.closed_at,
    channel_firsts: withChannel(ticket.channel_firsts, channel, received),
    message_count: ticket.message_count + 1,
  };
}

function messageWrite(p: Placed): MessageWrite {
  const { message } = p.prepared;
  return {
    id: p.messageId,
    tenantId: message.tenantId,
    dedupeKey: p.prepared.dedupeKey,
    ticketId: p.ticketId,
    contactId: p.contactId,
    channel: message.channel,
    provider: message.provider,
    providerMessageId: message.providerMessageId,
    emailMessageId: message.thread.messageId ? normalizeMessageId(message.thread.messageId) : null,
    fingerprint: p.fingerprint,
    rule: p.rule,
    duplicateOfId: p.duplicateOfId,
    receivedAt: message.receivedAt,
    payload: JSON.stringify(message),
  };
}
