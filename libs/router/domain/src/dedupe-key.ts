import type { InboundMessageV1Message } from '@tributary/contracts';
import { normalizeMessageId } from './email-thread-refs';

/**
 * The key under which the router stores a message once. An email is one message however many
 * mailboxes it reached (DESIGN rule 2), so its Message-ID wins over the ingest's per-mailbox key;
 * everything else keeps the provider-stable key the ingest chose (rule 1: redeliveries share it).
 */
export function effectiveDedupeKey(message: Pick<InboundMessageV1Message, 'channel' | 'dedupeKey' | 'thread'>): string {
  const messageId = message.thread.messageId ? normalizeMessageId(message.thread.messageId) : '';
  return message.channel === 'email' && messageId !== '' ? `email:${messageId}` : message.dedupeKey;
}
