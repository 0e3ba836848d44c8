/** Who wrote an entry of a conversation. */
export type ChatEventAuthor = 'visitor' | 'agent';

/** One message of a conversation as stored in chat-ingest's database, numbered by `seq`. */
export interface ChatEntry {
  readonly conversationId: string;
  readonly seq: number;
  readonly author: ChatEventAuthor;
  readonly messageId: string;
  readonly clientMessageId: string | null;
  readonly outboundId: string | null;
  readonly text: string;
  readonly authorName: string | null;
  readonly createdAt: Date;
  readonly handedOffAt: Date | null;
}
