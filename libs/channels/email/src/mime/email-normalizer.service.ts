import { randomBytes, randomUUID } from 'node:crypto';
import type { InboundNormalizer } from '@tributary/channel-kit';
import { ContactIdentitySchema, InboundMessageV1Schema, type InboundMessageV1Input } from '@tributary/contracts';
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
import { messageIds, stripMessageId } from './thread-refs.util';

/** The contract's limits (libs/contracts common.schema), repeated to cut before validation. */
const MAX_TEXT = 256 * 1024;
const MAX_HTML = 512 * 1024;
const MAX_RECIPIENTS = 100;

export interface EmailNormalizerOptions {
  readonly limits?: EmailLimits;
  readonly allowRemoteImages?: boolean;
}

/**
 * Turns one raw mail into InboundMessage v1, or says why it is quarantined. Never throws for a
 * bad mail; throws only when storage fails, so the intake retries instead of losing the mail.
 */
export class EmailNormalizer implements InboundNormalizer<RawEmail, EmailQuarantineCode> {
  private readonly limits: EmailLimits;

  constructor(
    private readonly blobStore: BlobStore,
    private readonly options: EmailNormalizerOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_EMAIL_LIMITS;
  }

  async normalize(email: RawEmail): Promise<NormalizedEmail> {
    try {
      const parsed = await parseRawMail(email.raw, this.blobStore, this.limits);
      return { kind: 'message', message: this.toMessage(email, parsed) };
    } catch (error) {
      if (!(error instanceof EmailQuarantineError)) throw error;
      return { kind: 'quarantined', code: error.code, reason: error.message };
    }
  }

  private toMessage(email: RawEmail, parsed: ParsedRawMail): InboundMessageV1Input {
    const { headers } = parsed;
    const from = headerAddresses(headers, 'from')[0];
    const sender = ContactIdentitySchema.safeParse({ kind: 'email', value: from?.address?.trim().toLowerCase() ?? '' });
    if (!sender.success || sender.data.kind !== 'email') {
      throw new EmailQuarantineError(EmailQuarantineCode.NoSender, `no valid From address (${from?.address ?? 'none'})`);
    }
    const subject = headerText(headers, 'subject')?.slice(0, 998);
    const recipients = [...headerAddresses(headers, 'to'), ...headerAddresses(headers, 'cc')]
      .map((address) => address.address?.trim().toLowerCase())
      .filter((address): address is string => address !== undefined && address !== '' && address.length <= 512);
    const { text, quotedText } = splitQuotedText(parsed.text ?? '');
    const sanitized = parsed.html === undefined ? undefined : sanitizeMailHtml(parsed.html, { allowRemoteImages: this.options.allowRemoteImages ?? false });
    const html = sanitized !== undefined && sanitized.length <= MAX_HTML ? sanitized : undefined;
    const messageId = stripMessageId(headerText(headers, 'message-id'));
    const sentAt = headerDate(headers, 'date');
    const ids = emailDedupeKey({
      messageId,
      from: sender.data.value,
      to: recipients,
      date: parsed.headerLines.find((line) => line.key === 'date')?.line,
      subject,
      text: parsed.text ?? '',
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
      sender: { identities: [sender.data], ...(from?.name ? { displayName: from.name.slice(0, 256) } : {}) },
      inbox: { address: email.inbox.address.toLowerCase(), ...(email.inbox.displayName ? { displayName: email.inbox.displayName } : {}) },
      recipients: [...new Set(recipients)].slice(0, MAX_RECIPIENTS),
      thread: {
        ...(messageId ? { messageId } : {}),
        ...threadParent(headerText(headers, 'in-reply-to')),
        references: messageIds(headerTexts(headers, 'references')),
      },
      ...(subject !== undefined ? { subject } : {}),
      text: text.slice(0, MAX_TEXT),
      ...(quotedText !== undefined ? { quotedText: quotedText.slice(0, MAX_TEXT) } : {}),
      ...(html !== undefined && html.trim() !== '' ? { html } : {}),
      attachments: [...parsed.attachments],
      autoSubmitted: classifyAutoSubmitted(headers, sender.data.value, subject),
      traceId: randomBytes(16).toString('hex'),
      extras: {
        ...email.extras,
        ...(text.length > MAX_TEXT ? { textTruncated: true } : {}),
        ...(sanitized !== undefined && html === undefined ? { htmlDropped: 'over the size limit' } : {}),
        ...(parsed.warnings.length > 0 ? { winmail: parsed.warnings.join('; ').slice(0, 2048) } : {}),
      },
    };
    const checked = InboundMessageV1Schema.safeParse(message);
    if (!checked.success) throw new EmailQuarantineError(EmailQuarantineCode.InvalidContract, checked.error.message.slice(0, 2000));
    return message;
  }
}

function threadParent(inReplyTo: string | undefined): { inReplyTo?: string } {
  const parent = messageIds(inReplyTo ?? '')[0] ?? stripMessageId(inReplyTo);
  return parent ? { inReplyTo: parent } : {};
}
