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
 * The same mail gives the same key in every mailbox, on every re-fetch and by every path (IMAP,
 * inbound SMTP): its Message-ID, or without one a digest of what the sender wrote, never of what
 * transport adds (Received, Delivered-To, Return-Path), and in a normalized form: line endings,
 * trailing whitespace and trailing empty lines, which servers on the way change, do not count.
 */
export function emailDedupeKey(facts: DedupeFacts): { readonly dedupeKey: string; readonly providerMessageId: string } {
  if (facts.messageId !== undefined) return { dedupeKey: `email:${facts.messageId}`, providerMessageId: facts.messageId };
  const hash = createHash('sha256');
  for (const part of [facts.from, facts.to.join(','), oneLine(facts.date), oneLine(facts.subject), normalizedBody(facts.text), normalizedBody(facts.html)]) {
    hash.update(part).update('\0');
  }
  for (const attachment of facts.attachments) hash.update(attachment.sha256);
  const digest = hash.digest('hex');
  return { dedupeKey: `email-sha256:${digest}`, providerMessageId: `sha256:${digest}` };
}

function oneLine(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

function normalizedBody(value: string | undefined): string {
  return (value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n+$/, '');
}
