import type { ChatEntry } from '../conversation/chat-entry';

export interface ChatVisitorMessageInput {
  readonly conversationId: string;
  readonly clientMessageId: string;
  readonly messageId: string;
  readonly text: string;
}

export interface ChatReplyInput {
  readonly conversationId: string;
  readonly outboundId: string;
  readonly ticketId: string;
  readonly traceId: string;
  readonly text: string;
  readonly authorName?: string;
}

export interface StoredEntry {
  readonly entry: ChatEntry;
  /** False when the same message (client message id, outbound id) was stored before. */
  readonly created: boolean;
}

/** An agent reply whose delivery or read state the widget just reported. */
export interface DeliveryCandidate {
  readonly entry: ChatEntry;
  readonly ticketId: string;
  readonly traceId: string;
  readonly delivered: boolean;
}

/** The conversations' store: what the socket sessions, the reply sender and the replay read and write. */
export interface ChatEntriesPort {
  openConversation(tenantId: string, visitorId: string): Promise<{ conversationId: string; lastSeq: number }>;
  conversationOf(conversationId: string): Promise<{ tenantId: string; visitorId: string } | undefined>;
  recordVisitorMessage(input: ChatVisitorMessageInput): Promise<StoredEntry>;
  recordReply(input: ChatReplyInput): Promise<StoredEntry>;
  markHandedOff(conversationId: string, seq: number): Promise<void>;
  entriesAfter(conversationId: string, seq: number, limit: number): Promise<ChatEntry[]>;
  /** The agent reply at `seq` when it is not yet delivered. */
  undelivered(conversationId: string, seq: number): Promise<DeliveryCandidate[]>;
  /** Agent replies at or below `upToSeq` not yet read. */
  unread(conversationId: string, upToSeq: number): Promise<DeliveryCandidate[]>;
  markDelivered(conversationId: string, seqs: readonly number[]): Promise<void>;
  markRead(conversationId: string, seqs: readonly number[]): Promise<void>;
}
