import { randomBytes, randomUUID } from 'node:crypto';
import { postgresSafe, type InboundNormalizer } from '@tributary/channel-kit';
import { InboundMessageV1Schema, TOPIC_CATALOG, TOPICS, type InboundMessageV1Input } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import { classifyAutoSubmitted } from './auto-submitted.util';
import { emailDedupeKey } from './dedupe-key.util';
import { DEFAULT_EMAIL_LIMITS, type EmailLimits } from './email-limits';
import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';
import { sanitizeMailHtml } from './html-sanitizer.util';
import { headerAddresses, headerDate, headerText, headerTexts } from './mail-headers.util';
import { parseRawMail } from './parse-raw-mail.util';
import type { ParsedRawMail } from './parsed-raw-mail';
import { splitQuotedText } from './quoted-text.util';
import type { NormalizedEmail, RawEmail } from './raw-email';
import { readableText } from './readable-text.util';
import { fitRecordSize, MAX_HTML } from './record-size-fit.util';
import { resolveSender, type ResolvedSender, type SenderResolution } from './sender-address.util';
import { messageIds, stripMessageId } from './thread-refs.util';

const MAX_RECIPIENTS = 100;

/**
 * Room left in a Kafka record for its key, headers and framing: the key is tenant and sender (at
 * most ~600 bytes), the headers a contract name and a trace id.
 */
const RECORD_FRAMING_BYTES = 8 * 1024;

/** The inbound topic's max.message.bytes as the topic catalog creates it. */
const INBOUND_TOPIC_LIMIT = TOPIC_CATALOG.find((topic) => topic.name === TOPICS.inbound)?.maxMessageBytes ?? 1024 * 1024;

export interface EmailNormalizerOptions {
  readonly limits?: EmailLimits;
  readonly allowRemoteImages?: boolean;
  /** Largest record value (JSON bytes) handed to Kafka; the inbound topic's limit less framing by default. */
  readonly maxRecordBytes?: number;
}

/**
 * Turns one raw mail into InboundMessage v1, or says why it is quarantined. Never throws for a
 * bad mail; throws only when storage fails, so the intake retries instead of losing the mail.
 */
export class EmailNormalizer implements InboundNormalizer<RawEmail, EmailQuarantineCode> {
  private readonly limits: EmailLimits;
  private readonly maxRecordBytes: number;

  constructor(
    private readonly blobStore: BlobStore,
    private readonly options: EmailNormalizerOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_EMAIL_LIMITS;
    this.maxRecordBytes = options.maxRecordBytes ?? INBOUND_TOPIC_LIMIT - RECORD_FRAMING_BYTES;
  }

  async normalize(email: RawEmail): Promise<NormalizedEmail> {
    try {
      const parsed = await parseRawMail(email.raw, this.blobStore, this.limits);
      return { kind: 'message', message: await this.toMessage(email, parsed) };
    } catch (error) {
      if (!(error instanceof EmailQuarantineError)) throw error;
      return { kind: 'quarantined', code: error.code, reason: error.message };
    }
  }

  private async toMessage(email: RawEmail, parsed: ParsedRawMail): Promise<InboundMessageV1Input> {
    const { headers } = parsed;
    const resolution = resolveSender(parsed.headerLines);
    const sender = senderOf(resolution);
    const subject = headerText(headers, 'subject')?.slice(0, 998);
    const recipients = [...headerAddresses(headers, 'to'), ...headerAddresses(headers, 'cc')]
      .map((address) => address.address?.trim().toLowerCase())
      .filter((address): address is string => address !== undefined && address !== '' && address.length <= 512);
    const sanitized = parsed.html === undefined ? undefined : sanitizeMailHtml(parsed.html, { allowRemoteImages: this.options.allowRemoteImages ?? false });
    const body = readableText(parsed.text, sanitized);
    const { text, quotedText } = splitQuotedText(body.text);
    const messageId = stripMessageId(headerText(headers, 'message-id'));
    const sentAt = headerDate(headers, 'date');
    const ids = emailDedupeKey({
      messageId,
      from: sender.identity,
      to: recipients,
      date: parsed.headerLines.find((line) => line.key === 'date')?.line,
      subject,
      text: body.text,
      html: parsed.html,
      attachments: parsed.attachments,
    });
    const message: InboundMessageV1Input = {
      schemaVersion: 1,
      messageId: randomUUID(),
      tenantId: email.tenantId,
      channel: 'email',
      provider: email.provider,
      providerMessageId: ids.providerMessageId,
      dedupeKey: ids.dedupeKey,
      receivedAt: email.receivedAt.toISOString(),
      ...(sentAt ? { sentAt: sentAt.toISOString() } : {}),
      sender: { identities: [{ kind: 'email', value: sender.identity }], ...(sender.displayName ? { displayName: sender.displayName.slice(0, 256) } : {}) },
      inbox: { address: email.inbox.address.toLowerCase(), ...(email.inbox.displayName ? { displayName: email.inbox.displayName } : {}) },
      recipients: [...new Set(recipients)].slice(0, MAX_RECIPIENTS),
      thread: {
        ...(messageId ? { messageId } : {}),
        ...threadParent(headerText(headers, 'in-reply-to')),
        references: messageIds(headerTexts(headers, 'references')),
      },
      ...(subject !== undefined ? { subject } : {}),
      text,
      ...(quotedText !== undefined ? { quotedText } : {}),
      ...(sanitized !== undefined && sanitized.trim() !== '' && sanitized.length <= MAX_HTML ? { html: sanitized } : {}),
      attachments: [...parsed.attachments],
      autoSubmitted: classifyAutoSubmitted(headers, sender.identity, subject),
      traceId: randomBytes(16).toString('hex'),
      extras: {
        ...email.extras,
        ...senderExtras(sender, resolution.skipped),
        ...(body.fromHtml ? { textFromHtml: true } : {}),
        ...(body.warning ? { textNotFromHtml: body.warning } : {}),
        ...(parsed.warnings.length > 0 ? { winmail: parsed.warnings.join('; ').slice(0, 2048) } : {}),
      },
    };
    const fullBody = { text: body.text, html: sanitized?.trim() ? sanitized : undefined };
    const fitted = postgresSafe(await fitRecordSize(message, fullBody, this.blobStore, this.maxRecordBytes));
    const checked = InboundMessageV1Schema.safeParse(fitted);
    if (!checked.success) throw new EmailQuarantineError(EmailQuarantineCode.InvalidContract, checked.error.message.slice(0, 2000));
    return fitted;
  }
}

function senderOf(resolution: SenderResolution): ResolvedSender {
  if (resolution.kind === 'resolved') return resolution.sender;
  const skipped = resolution.skipped.length > 0 ? `; not held by the contract's email identity: ${resolution.skipped.join(', ')}` : '';
  throw new EmailQuarantineError(EmailQuarantineCode.NoSender, `no valid sender address in From, Sender, Reply-To or Return-Path${skipped}`.slice(0, 2000));
}

/**
 * The rule that named the sender when it was not From, the address as written when lower-casing
 * changed its local part (which RFC 5321 lets a server treat as case-sensitive; a domain's case never
 * matters), and earlier addresses the contract's identity could not hold.
 */
function senderExtras(sender: ResolvedSender, skipped: readonly string[]): Record<string, string> {
  return {
    ...(sender.header !== 'from' ? { senderHeader: sender.header } : {}),
    ...(localPart(sender.asWritten) !== localPart(sender.identity) ? { senderAddress: sender.asWritten.slice(0, 2048) } : {}),
    ...(skipped.length > 0 ? { senderSkipped: skipped.join(', ').slice(0, 2048) } : {}),
  };
}

function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}

function threadParent(inReplyTo: string | undefined): { inReplyTo?: string } {
  const parent = messageIds(inReplyTo ?? '')[0] ?? stripMessageId(inReplyTo);
  return parent ? { inReplyTo: parent } : {};
}
