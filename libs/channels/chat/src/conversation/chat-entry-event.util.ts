import type { ServerFrame } from '../protocol/server-frame';
import type { ChatEntry } from './chat-entry';

/** A stored entry as the `event` frame that shows it, live or replayed. */
export function chatEntryEvent(entry: ChatEntry): ServerFrame {
  return {
    type: 'event',
    seq: entry.seq,
    author: entry.author,
    text: entry.text,
    at: entry.createdAt.toISOString(),
    ...(entry.clientMessageId ? { clientMessageId: entry.clientMessageId } : {}),
    ...(entry.authorName ? { authorName: entry.authorName } : {}),
  };
}
