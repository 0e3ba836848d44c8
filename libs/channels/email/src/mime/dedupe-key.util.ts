import { createHash } from 'node:crypto';
import type { AttachmentRef } from '@tributary/contracts';

export interface DedupeFacts {
  readonly messageId: string | undefined;
  readonly from: string;
  readonly to: readonly string[];
  readonly date: string | undefined;
  readonly subject: string | undefined;
  readonly text: string;
  readonly html: string | undefined;
  readonly attachments: readonly AttachmentRef[];
}

/**
 * The same mail gives the same key in every mailbox and on every re-fetch: its Message-ID, or
 * without one a digest of what the sender wrote (never of Received or Delivered-To, which differ per copy).
 */
export function emailDedupeKey(facts: DedupeFacts): { readonly dedupeKey: string; readonly providerMessageId: string } {
  if (facts.messageId !== undefined) return { dedupeKey: `email:${facts.messageId}`, providerMessageId: facts.messageId };
  const hash = createHash('sha256');
  for (const part of [facts.from, facts.to.join(','), facts.date ?? '', facts.subject ?? '', facts.text, facts.html ?? '']) {
    hash.update(part).update('\0');
  }
  for (const attachment of facts.attachments) hash.update(attachment.sha256);
  const digest = hash.digest('hex');
  return { dedupeKey: `email-sha256:${digest}`, providerMessageId: `sha256:${digest}` };
}
