import { stableUuid } from '@tributary/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChatEntry } from '../conversation/chat-entry';
import type { ChatReplyInput, ChatVisitorMessageInput, DeliveryCandidate, StoredEntry } from './chat-entries.port';
import type { ChatEntriesPort } from './chat-entries.port';
import { CHAT_ENTRY_CHANNEL } from '../socket/chat-entry-notifications';

interface EntryRow {
  readonly conversation_id: string;
  readonly seq: string;
  readonly author: 'visitor' | 'agent';
  readonly message_id: string;
  readonly client_message_id: string | null;
  readonly outbound_id: string | null;
  readonly text: string;
  readonly author_name: string | null;
  readonly created_at: Date;
  readonly handed_off_at: Date | null;
}

interface CandidateRow extends EntryRow {
  readonly ticket_id: string;
  readonly trace_id: string;
  readonly delivered_at: Date | null;
}

const ENTRY_COLUMNS = 'conversation_id, seq, author, message_id, client_message_id, outbound_id, text, author_name, created_at, handed_off_at';

function toEntry(row: EntryRow): ChatEntry {
  return {
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    author: row.author,
    messageId: row.message_id,
    clientMessageId: row.client_message_id,
    outboundId: row.outbound_id,
    text: row.text,
    authorName: row.author_name,
    createdAt: row.created_at,
    handedOffAt: row.handed_off_at,
  };
}

/**
 * Conversations and their entries in chat-ingest's PostgreSQL. A new entry takes the next number of
 * its conversation under the conversation row's lock, so numbers are gap-free and committed in
 * order: a replay after `seq` n never misses an entry numbered below one it already returned.
 */
export class ChatEntriesRepository implements ChatEntriesPort {
  constructor(private readonly dataSource: DataSource) {}

  async openConversation(tenantId: string, visitorId: string): Promise<{ conversationId: string; lastSeq: number }> {
    const conversationId = stableUuid('chat-conversation', tenantId, visitorId);
    await this.dataSource.query('INSERT INTO chat_conversations (conversation_id, tenant_id, visitor_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [conversationId, tenantId, visitorId]);
    const rows = await this.dataSource.query<{ last_seq: string }[]>('SELECT last_seq FROM chat_conversations WHERE conversation_id = $1', [conversationId]);
    return { conversationId, lastSeq: Number(rows[0]?.last_seq ?? 0) };
  }

  async conversationOf(conversationId: string): Promise<{ tenantId: string; visitorId: string } | undefined> {
    const rows = await this.dataSource.query<{ tenant_id: string; visitor_id: string }[]>('SELECT tenant_id, visitor_id FROM chat_conversations WHERE conversation_id = $1', [conversationId]);
    const row = rows[0];
    return row ? { tenantId: row.tenant_id, visitorId: row.visitor_id } : undefined;
  }

  recordVisitorMessage(input: ChatVisitorMessageInput): Promise<StoredEntry> {
    return this.append(input.conversationId, 'client_message_id', input.clientMessageId, (manager, seq) =>
      manager.query(`INSERT INTO chat_entries (conversation_id, seq, author, message_id, client_message_id, text) VALUES ($1, $2, 'visitor', $3, $4, $5) RETURNING ${ENTRY_COLUMNS}`, [
        input.conversationId,
        seq,
        input.messageId,
        input.clientMessageId,
        input.text,
      ]),
    );
  }

  /** A new reply is announced on CHAT_ENTRY_CHANNEL; PostgreSQL delivers that at commit, so every replica can read it. */
  recordReply(input: ChatReplyInput): Promise<StoredEntry> {
    return this.append(input.conversationId, 'outbound_id', input.outboundId, async (manager, seq) => {
      const rows = await manager.query<EntryRow[]>(
        `INSERT INTO chat_entries (conversation_id, seq, author, message_id, outbound_id, ticket_id, trace_id, text, author_name, handed_off_at)
         VALUES ($1, $2, 'agent', $3, $3, $4, $5, $6, $7, now()) RETURNING ${ENTRY_COLUMNS}`,
        [input.conversationId, seq, input.outboundId, input.ticketId, input.traceId, input.text, input.authorName ?? null],
      );
      await manager.query('SELECT pg_notify($1, $2)', [CHAT_ENTRY_CHANNEL, input.conversationId]);
      return rows;
    });
  }

  async markHandedOff(conversationId: string, seq: number): Promise<void> {
    await this.dataSource.query('UPDATE chat_entries SET handed_off_at = now() WHERE conversation_id = $1 AND seq = $2 AND handed_off_at IS NULL', [conversationId, seq]);
  }

  async entriesAfter(conversationId: string, seq: number, limit: number): Promise<ChatEntry[]> {
    const rows = await this.dataSource.query<EntryRow[]>(`SELECT ${ENTRY_COLUMNS} FROM chat_entries WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [conversationId, seq, limit]);
    return rows.map(toEntry);
  }

  async undelivered(conversationId: string, seq: number): Promise<DeliveryCandidate[]> {
    return this.candidates('seq = $2 AND delivered_at IS NULL', conversationId, seq);
  }

  async unread(conversationId: string, upToSeq: number): Promise<DeliveryCandidate[]> {
    return this.candidates('seq <= $2 AND read_at IS NULL', conversationId, upToSeq);
  }

  async markDelivered(conversationId: string, seqs: readonly number[]): Promise<void> {
    await this.dataSource.query('UPDATE chat_entries SET delivered_at = now() WHERE conversation_id = $1 AND seq = ANY($2) AND delivered_at IS NULL', [conversationId, seqs]);
  }

  async markRead(conversationId: string, seqs: readonly number[]): Promise<void> {
    await this.dataSource.query('UPDATE chat_entries SET read_at = now(), delivered_at = coalesce(delivered_at, now()) WHERE conversation_id = $1 AND seq = ANY($2) AND read_at IS NULL', [conversationId, seqs]);
  }

  private async candidates(condition: string, conversationId: string, seq: number): Promise<DeliveryCandidate[]> {
    const rows = await this.dataSource.query<CandidateRow[]>(
      `SELECT ${ENTRY_COLUMNS}, ticket_id, trace_id, delivered_at FROM chat_entries WHERE conversation_id = $1 AND author = 'agent' AND ${condition} ORDER BY seq LIMIT 500`,
      [conversationId, seq],
    );
    return rows.map((row) => ({ entry: toEntry(row), ticketId: row.ticket_id, traceId: row.trace_id, delivered: row.delivered_at !== null }));
  }

  /** The entry already stored under `column` = `id`, or a new one under the conversation's next number. */
  private append(conversationId: string, column: 'client_message_id' | 'outbound_id', id: string, insert: (manager: EntityManager, seq: number) => Promise<EntryRow[]>): Promise<StoredEntry> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.query<{ last_seq: string }[]>('SELECT last_seq FROM chat_conversations WHERE conversation_id = $1 FOR UPDATE', [conversationId]);
      const conversation = locked[0];
      if (!conversation) throw new Error(`no chat conversation ${conversationId}`);
      const existing = await manager.query<EntryRow[]>(`SELECT ${ENTRY_COLUMNS} FROM chat_entries WHERE conversation_id = $1 AND ${column} = $2`, [conversationId, id]);
      if (existing[0]) return { entry: toEntry(existing[0]), created: false };
      const seq = Number(conversation.last_seq) + 1;
      await manager.query('UPDATE chat_conversations SET last_seq = $2 WHERE conversation_id = $1', [conversationId, seq]);
      const [row] = await insert(manager, seq);
      if (!row) throw new Error('chat entry insert returned nothing');
      return { entry: toEntry(row), created: true };
    });
  }
}
