import type { PlacementFacts } from '../placement-facts.repository';
import { threadTarget } from '../thread-target';
import { isOpen, type BatchTicket, type KnownMessage } from './batch-ticket';

/**
 * What the database knows about a batch's contacts and threads, loaded in a few statements, and
 * kept current in memory as the batch places its messages one by one. Its questions are the ones
 * placement-facts.repository asks PostgreSQL for a single message, answered from memory.
 */
export class BatchState {
  readonly tickets = new Map<string, BatchTicket>();
  private readonly messages: KnownMessage[] = [];
  private readonly tokens = new Map<string, string>();
  // Every message of a batch asks these questions, so they are indexed rather than scanned: a
  // scan per message made a batch quadratic in its size. A ticket's tenant, contact and
  // conversation never change inside a batch (a merge ends the set-based run), so the keys hold.
  private readonly contactTickets = new MultiMap<string>();
  private readonly conversationTickets = new MultiMap<string>();
  private readonly messagesByEmailId = new Map<string, KnownMessage>();
  private readonly messagesByFingerprint = new MultiMap<KnownMessage>();

  addTicket(ticket: BatchTicket): void {
    this.tickets.set(ticket.id, ticket);
    this.tokens.set(`${ticket.tenant_id}\u0000${ticket.token}`, ticket.id);
    if (ticket.conversation_key === null) this.contactTickets.add(key(ticket.tenant_id, ticket.contact_id), ticket.id);
    else this.conversationTickets.add(key(ticket.tenant_id, ticket.conversation_key), ticket.id);
  }

  addMessage(message: KnownMessage): void {
    this.messages.push(message);
    const emailKey = message.emailMessageId === null ? null : key(message.tenantId, message.emailMessageId);
    // The first message known under a Message-ID wins, as a scan in insertion order would find it.
    if (emailKey !== null && !this.messagesByEmailId.has(emailKey)) this.messagesByEmailId.set(emailKey, message);
    if (message.fingerprint !== null) this.messagesByFingerprint.add(key(message.tenantId, message.contactId, message.fingerprint), message);
  }

  /** Tickets of the messages loaded so far (ancestors, repeat candidates): they must be loaded too. */
  knownTicketIds(): string[] {
    return [...new Set(this.messages.map((message) => message.ticketId))];
  }

  ticket(id: string): BatchTicket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new Error(`ticket ${id} was not loaded for this batch`);
    return ticket;
  }

  facts(question: {
    tenantId: string;
    contactId: string;
    emailAncestors: readonly string[];
    token: string | null;
    fingerprint: string | null;
    channel: string;
    repeatSince: Date;
    reopenSince: Date;
  }): PlacementFacts {
    const { tenantId, contactId } = question;
    const mine = this.contactTicketsOf(tenantId, contactId);
    const reopenable = mine
      .filter((t) => t.status === 'solved' && t.merged_into_id === null && t.last_message_at >= question.reopenSince)
      .sort((a, b) => b.last_message_at.getTime() - a.last_message_at.getTime());
    return {
      threadTicketId: this.nearestAncestorTicket(tenantId, question.emailAncestors),
      tokenTicketId: question.token ? (this.tokens.get(`${tenantId}\u0000${question.token}`) ?? null) : null,
      repeat: question.fingerprint ? this.firstRepeat(tenantId, contactId, question.fingerprint, question.channel, question.repeatSince) : null,
      openTicketId: mine.find(isOpen)?.id ?? null,
      reopenableTicketId: reopenable[0]?.id ?? null,
    };
  }

  openConversationTicket(tenantId: string, conversationKey: string): BatchTicket | undefined {
    return this.conversationTickets.get(key(tenantId, conversationKey)).map((id) => this.ticket(id)).find(isOpen);
  }

  /** As resolveThreadTarget: merges are followed to the surviving ticket, then threadTarget decides. */
  threadTarget(ticketId: string): { id: string; reopen: boolean } {
    let survivor = this.ticket(ticketId);
    for (let depth = 0; survivor.merged_into_id !== null; depth += 1) {
      if (depth >= 32) throw new Error(`ticket ${ticketId} merges into a loop`);
      survivor = this.ticket(survivor.merged_into_id);
    }
    const { tenant_id: tenantId, contact_id: contactId, conversation_key: conversationKey } = survivor;
    return threadTarget(survivor, {
      ofConversation: conversationKey === null ? null : (this.openConversationTicket(tenantId, conversationKey)?.id ?? null),
      ofContact: this.contactTicketsOf(tenantId, contactId).find(isOpen)?.id ?? null,
    });
  }

  private contactTicketsOf(tenantId: string, contactId: string): BatchTicket[] {
    return this.contactTickets.get(key(tenantId, contactId)).map((id) => this.ticket(id));
  }

  private nearestAncestorTicket(tenantId: string, ancestors: readonly string[]): string | null {
    for (const ancestor of ancestors) {
      const hit = this.messagesByEmailId.get(key(tenantId, ancestor));
      if (hit) return hit.ticketId;
    }
    return null;
  }

  private firstRepeat(tenantId: string, contactId: string, fingerprint: string, channel: string, since: Date): PlacementFacts['repeat'] {
    const candidates = this.messagesByFingerprint
      .get(key(tenantId, contactId, fingerprint))
      .filter((m) => m.channel !== channel && m.receivedAt >= since && !m.isDuplicate)
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    const first = candidates[0];
    return first ? { messageId: first.id, ticketId: first.ticketId } : null;
  }
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}

/** Values listed under a key, without repeats, in the order they were first added. */
class MultiMap<TValue> {
  private readonly lists = new Map<string, TValue[]>();

  add(listKey: string, value: TValue): void {
    const list = this.lists.get(listKey);
    if (!list) this.lists.set(listKey, [value]);
    else if (!list.includes(value)) list.push(value);
  }

  get(listKey: string): readonly TValue[] {
    return this.lists.get(listKey) ?? [];
  }
}
