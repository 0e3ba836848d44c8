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

  addTicket(ticket: BatchTicket): void {
    this.tickets.set(ticket.id, ticket);
    this.tokens.set(`${ticket.tenant_id}\u0000${ticket.token}`, ticket.id);
  }

  addMessage(message: KnownMessage): void {
    this.messages.push(message);
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
    const mine = [...this.tickets.values()].filter((t) => t.tenant_id === tenantId && t.contact_id === contactId && t.conversation_key === null);
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
    return [...this.tickets.values()].find((t) => t.tenant_id === tenantId && t.conversation_key === conversationKey && isOpen(t));
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
      ofContact: [...this.tickets.values()].find((t) => t.tenant_id === tenantId && t.contact_id === contactId && t.conversation_key === null && isOpen(t))?.id ?? null,
    });
  }

  private nearestAncestorTicket(tenantId: string, ancestors: readonly string[]): string | null {
    for (const ancestor of ancestors) {
      const hit = this.messages.find((m) => m.tenantId === tenantId && m.emailMessageId === ancestor);
      if (hit) return hit.ticketId;
    }
    return null;
  }

  private firstRepeat(tenantId: string, contactId: string, fingerprint: string, channel: string, since: Date): PlacementFacts['repeat'] {
    const candidates = this.messages
      .filter((m) => m.tenantId === tenantId && m.contactId === contactId && m.fingerprint === fingerprint && m.channel !== channel && m.receivedAt >= since && !m.isDuplicate)
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    const first = candidates[0];
    return first ? { messageId: first.id, ticketId: first.ticketId } : null;
  }
}
