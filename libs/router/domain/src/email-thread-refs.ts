import type { InboundMessageV1Message } from '@tributary/contracts';

/** Message-IDs compare without angle brackets and surrounding space; case is kept (RFC 5322 local parts are case-sensitive). */
export function normalizeMessageId(raw: string): string {
  return raw.trim().replace(/^<|>$/g, '').trim();
}

/**
 * The Message-IDs an email answers, nearest first: In-Reply-To, then References from newest to
 * oldest, so the closest known ancestor wins when a thread was forked.
 */
export function threadAncestors(message: Pick<InboundMessageV1Message, 'thread'>): string[] {
  const candidates = [message.thread.inReplyTo, ...[...message.thread.references].reverse()];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const id = normalizeMessageId(candidate);
    if (id !== '') seen.add(id);
  }
  return [...seen];
}
