import type { ChannelSender } from '@tributary/channel-kit';
import { stableUuid } from '@tributary/contracts';
import type { DeliveryStatusV1Message, OutboundMessageV1Message } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import type Mail from 'nodemailer/lib/mailer';
import type { AutoSubmittedLookupPort, MailTransportPort } from './mail-transport.port';

export interface EmailReplySenderOptions {
  /** Addresses of every inbox Tributary reads: automatic mail to them would start a loop. */
  readonly ownAddresses: ReadonlySet<string>;
  readonly attempts: number;
  readonly retryDelayMs: number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

type Failure = { readonly code: string; readonly message: string };

/**
 * Sends an agent's or automation's reply over SMTP so it continues the customer's thread, and
 * says what happened as a DeliveryStatus. Automatic mail is never sent to machine-sent mail or to
 * our own inboxes.
 */
export class EmailReplySender implements ChannelSender {
  readonly channels = ['email'] as const;
  readonly provider = 'smtp';

  constructor(
    private readonly transport: MailTransportPort,
    private readonly blobStore: BlobStore,
    private readonly state: AutoSubmittedLookupPort,
    private readonly options: EmailReplySenderOptions,
  ) {}

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    if (outbound.to.kind !== 'email') return this.status(outbound, { code: 'INVALID_RECIPIENT', message: `cannot email a ${outbound.to.kind} identity` });
    const refused = await this.refusal(outbound, outbound.to.value);
    if (refused) return this.status(outbound, refused);
    const messageId = `${outbound.outboundId}@${domainOf(outbound.from.address)}`;

    let failure: Failure | undefined;
    for (let attempt = 1; attempt <= this.options.attempts; attempt += 1) {
      try {
        await this.transport.sendMail(await this.compose(outbound, outbound.to.value, messageId));
        return this.status(outbound, undefined, messageId);
      } catch (error) {
        failure = smtpFailure(error);
        // 5xx is the server's final word; anything else may pass on a later attempt.
        if (failure.code.startsWith('SMTP_5')) break;
        if (attempt < this.options.attempts) await this.options.sleep(this.options.retryDelayMs * attempt);
      }
    }
    return this.status(outbound, failure ?? { code: 'SMTP_UNKNOWN', message: 'not sent' });
  }

  private async refusal(outbound: OutboundMessageV1Message, to: string): Promise<Failure | undefined> {
    if (!outbound.autoSubmitted) return undefined;
    if (this.options.ownAddresses.has(to.toLowerCase())) return { code: 'LOOP_PREVENTED', message: `${to} is a Tributary inbox; automatic mail to it would loop` };
    const parent = outbound.thread.inReplyTo;
    if (parent !== undefined && (await this.state.isAutoSubmitted(outbound.tenantId, parent))) {
      return { code: 'AUTO_SUBMITTED_NOT_ANSWERED', message: `${parent} was machine-sent mail; automatic replies to it are never sent` };
    }
    return undefined;
  }

  private async compose(outbound: OutboundMessageV1Message, to: string, messageId: string): Promise<Mail.Options> {
    const attachments = await Promise.all(
      outbound.attachments.map(async (attachment) => ({
        filename: attachment.name,
        contentType: attachment.contentType,
        content: await this.blobStore.open(attachment.storageUri),
        ...(attachment.contentId ? { cid: attachment.contentId } : {}),
      })),
    );
    const headers: Record<string, string> = { 'X-Tributary-Ticket': outbound.ticketId };
    if (outbound.autoSubmitted) {
      headers['Auto-Submitted'] = 'auto-replied';
      // Asks Exchange and others not to answer our automatic mail with theirs.
      headers['X-Auto-Response-Suppress'] = 'All';
    }
    return {
      messageId: `<${messageId}>`,
      from: outbound.from.displayName ? { name: outbound.from.displayName, address: outbound.from.address } : outbound.from.address,
      to,
      subject: outbound.subject ?? '',
      text: outbound.text,
      ...(outbound.html ? { html: outbound.html } : {}),
      ...(outbound.thread.inReplyTo ? { inReplyTo: `<${outbound.thread.inReplyTo}>` } : {}),
      ...(outbound.thread.references.length > 0 ? { references: outbound.thread.references.map((id) => `<${id}>`) } : {}),
      headers,
      attachments,
    };
  }

  private status(outbound: OutboundMessageV1Message, failure: Failure | undefined, messageId?: string): DeliveryStatusV1Message {
    const state = failure ? 'failed' : 'sent';
    return {
      schemaVersion: 1,
      statusId: stableUuid(outbound.outboundId, state),
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      channel: 'email',
      provider: 'smtp',
      ...(messageId ? { providerMessageId: messageId } : {}),
      state,
      ...(failure ? { error: { code: failure.code.slice(0, 64), message: failure.message.slice(0, 2048) } } : {}),
      occurredAt: this.options.now().toISOString(),
      traceId: outbound.traceId,
    };
  }
}

function domainOf(address: string): string {
  return address.split('@')[1]?.toLowerCase() ?? 'tributary.invalid';
}

/** nodemailer puts the server's reply code on `responseCode` and its text on `response`. */
function smtpFailure(error: unknown): Failure {
  const details = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const message = typeof details.response === 'string' ? details.response : typeof details.message === 'string' ? details.message : String(error);
  if (typeof details.responseCode === 'number') return { code: `SMTP_${details.responseCode}`, message };
  return { code: typeof details.code === 'string' ? `SMTP_${details.code}` : 'SMTP_UNAVAILABLE', message };
}
