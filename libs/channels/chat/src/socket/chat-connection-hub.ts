import type { ServerFrame } from '../protocol/server-frame';

/** What the hub needs of one open socket. */
export interface ChatConnection {
  send(frame: ServerFrame): void;
  /** Sends, from the database, the conversation's entries this socket has not been sent yet. */
  catchUp(): void;
}

/**
 * The sockets this replica holds, by conversation, so a stored reply reaches every tab the visitor
 * has open on this replica (ChatEntryNotifications says which conversation changed, whichever replica
 * stored it). What no socket is open for is replayed from the database on the next hello.
 */
export class ChatConnectionHub {
  private readonly byConversation = new Map<string, Set<ChatConnection>>();

  add(conversationId: string, connection: ChatConnection): void {
    const set = this.byConversation.get(conversationId) ?? new Set<ChatConnection>();
    set.add(connection);
    this.byConversation.set(conversationId, set);
  }

  remove(conversationId: string, connection: ChatConnection): void {
    const set = this.byConversation.get(conversationId);
    set?.delete(connection);
    if (set?.size === 0) this.byConversation.delete(conversationId);
  }

  /** Sends to the conversation's sockets here; returns how many there were. */
  push(conversationId: string, frame: ServerFrame): number {
    const set = this.byConversation.get(conversationId);
    for (const connection of set ?? []) connection.send(frame);
    return set?.size ?? 0;
  }

  /** A conversation got a new entry (on any replica): its sockets here catch up from the database. */
  catchUp(conversationId: string): void {
    for (const connection of this.byConversation.get(conversationId) ?? []) connection.catchUp();
  }

  /** After notifications may have been missed: every socket here catches up. */
  catchUpAll(): void {
    for (const set of this.byConversation.values()) for (const connection of set) connection.catchUp();
  }

  get size(): number {
    let total = 0;
    for (const set of this.byConversation.values()) total += set.size;
    return total;
  }
}
