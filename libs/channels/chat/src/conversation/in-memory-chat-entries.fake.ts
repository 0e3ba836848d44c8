import type { ChatEntriesPort, ChatReplyInput, ChatVisitorMessageInput, DeliveryCandidate, StoredEntry } from '../persistence/chat-entries.port';
import type { ChatEntry } from './chat-entry';

/** The conversations' store in memory, for unit specs (the repository itself runs in the integration suites). */
export class InMemoryChatEntries implements ChatEntriesPort {
  readonly entries: (ChatEntry & { ticketId?: string; traceId?: string; deliveredAt?: Date; readAt?: Date })[] = [];
  private readonly conversations = new Map<string, { tenantId: string; visitorId: string }>();

  openConversation(tenantId: string, visitorId: string): Promise<{ conversationId: string; lastSeq: number }> {
    const conversationId = `${tenantId}:${visitorId}`;
    this.conversations.set(conversationId, { tenantId, visitorId });
    return Promise.resolve({ conversationId, lastSeq: this.of(conversationId).length });
  }

  conversationOf(conversationId: string): Promise<{ tenantId: string; visitorId: string } | undefined> {
    return Promise.resolve(this.conversations.get(conversationId));
  }

  recordVisitorMessage(input: ChatVisitorMessageInput): Promise<StoredEntry> {
    const existing = this.of(input.conversationId).find((entry) => entry.clientMessageId === input.clientMessageId);
    if (existing) return Promise.resolve({ entry: existing, created: false });
    return Promise.resolve(this.append({ ...this.base(input.conversationId), author: 'visitor', messageId: input.messageId, clientMessageId: input.clientMessageId, outboundId: null, text: input.text, authorName: null, handedOffAt: null }));
  }

  recordReply(input: ChatReplyInput): Promise<StoredEntry> {
    const existing = this.of(input.conversationId).find((entry) => entry.outboundId === input.outboundId);
    if (existing) return Promise.resolve({ entry: existing, created: false });
    return Promise.resolve(
      this.append({ ...this.base(input.conversationId), author: 'agent', messageId: input.outboundId, clientMessageId: null, outboundId: input.outboundId, text: input.text, authorName: input.authorName ?? null, handedOffAt: new Date(), ticketId: input.ticketId, traceId: input.traceId }),
    );
  }

  markHandedOff(conversationId: string, seq: number): Promise<void> {
    this.replace(conversationId, seq, (entry) => ({ ...entry, handedOffAt: entry.handedOffAt ?? new Date() }));
    return Promise.resolve();
  }

  entriesAfter(conversationId: string, seq: number, limit: number): Promise<ChatEntry[]> {
    return Promise.resolve(this.of(conversationId).filter((entry) => entry.seq > seq).slice(0, limit));
  }

  undelivered(conversationId: string, seq: number): Promise<DeliveryCandidate[]> {
    return Promise.resolve(this.candidates(conversationId, (entry) => entry.seq === seq && !entry.deliveredAt));
  }

  unread(conversationId: string, upToSeq: number): Promise<DeliveryCandidate[]> {
    return Promise.resolve(this.candidates(conversationId, (entry) => entry.seq <= upToSeq && !entry.readAt));
  }

  markDelivered(conversationId: string, seqs: readonly number[]): Promise<void> {
    for (const seq of seqs) this.replace(conversationId, seq, (entry) => ({ ...entry, deliveredAt: entry.deliveredAt ?? new Date() }));
    return Promise.resolve();
  }

  markRead(conversationId: string, seqs: readonly number[]): Promise<void> {
    for (const seq of seqs) this.replace(conversationId, seq, (entry) => ({ ...entry, readAt: new Date(), deliveredAt: entry.deliveredAt ?? new Date() }));
    return Promise.resolve();
  }

  private of(conversationId: string): InMemoryChatEntries['entries'] {
    return this.entries.filter((entry) => entry.conversationId === conversationId);
  }

  private base(conversationId: string): { conversationId: string; seq: number; createdAt: Date } {
    return { conversationId, seq: this.of(conversationId).length + 1, createdAt: new Date('2026-12-07T10:00:00Z') };
  }

  private append(entry: InMemoryChatEntries['entries'][number]): StoredEntry {
    this.entries.push(entry);
    return { entry, created: true };
  }

  private replace(conversationId: string, seq: number, change: (entry: InMemoryChatEntries['entries'][number]) => InMemoryChatEntries['entries'][number]): void {
    const index = this.entries.findIndex((entry) => entry.conversationId === conversationId && entry.seq === seq);
    const entry = this.entries[index];
    if (entry) this.entries[index] = change(entry);
  }

  private candidates(conversationId: string, match: (entry: InMemoryChatEntries['entries'][number]) => boolean): DeliveryCandidate[] {
    return this.of(conversationId)
      .filter((entry) => entry.author === 'agent' && match(entry))
      .map((entry) => ({ entry, ticketId: entry.ticketId ?? '', traceId: entry.traceId ?? '', delivered: entry.deliveredAt !== undefined }));
  }
}
