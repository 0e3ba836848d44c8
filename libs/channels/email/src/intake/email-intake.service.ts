import type { InboundMessageV1Input } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import type { EmailNormalizer } from '../mime/email-normalizer.service';
import { rawHeaderValue } from '../mime/raw-header-block.util';
import type { RawEmail } from '../mime/raw-email';
import { stripMessageId } from '../mime/thread-refs.util';
import type { AutoSubmittedRegistryPort, HandOffFaultPort, InboundPublisherPort, QuarantinedEmail, QuarantineLogPort, QuarantineStorePort } from './email-intake.ports';

export interface ReceivedEmail extends RawEmail {
  /** Where the mail came from, kept with a quarantined mail. */
  readonly source: string;
}

export interface EmailIntakeOptions {
  /** Test-only, see HandOffFaultPort. */
  readonly fault?: HandOffFaultPort;
  /** Gets one line per quarantined mail. */
  readonly logger?: QuarantineLogPort;
}

export interface IntakeOutcome {
  readonly published: number;
  readonly quarantined: number;
  readonly autoSubmitted: number;
  /** Why each quarantined mail was, in the order received (an operator re-driving one is told). */
  readonly quarantines: readonly Pick<QuarantinedEmail, 'code' | 'reason'>[];
}

/**
 * The one path every received mail takes, whatever brought it (IMAP, inbound SMTP): normalize,
 * hand the good ones to Kafka in one acknowledged batch, keep the bad ones in quarantine with their
 * reason. When this resolves the mails are safe, and only then may the caller acknowledge them.
 */
export class EmailIntake {
  constructor(
    private readonly normalizer: EmailNormalizer,
    private readonly blobStore: BlobStore,
    private readonly publisher: InboundPublisherPort,
    private readonly quarantine: QuarantineStorePort,
    private readonly autoSubmitted: AutoSubmittedRegistryPort,
    private readonly options: EmailIntakeOptions = {},
  ) {}

  async receive(emails: readonly ReceivedEmail[]): Promise<IntakeOutcome> {
    const messages: InboundMessageV1Input[] = [];
    const quarantines: Pick<QuarantinedEmail, 'code' | 'reason'>[] = [];
    for (const email of emails) {
      const result = await this.normalizer.normalize(email);
      if (result.kind === 'message') {
        messages.push(result.message);
        continue;
      }
      const stored = await this.blobStore.put(email.raw);
      const messageId = stripMessageId(rawHeaderValue(email.raw, 'message-id'))?.slice(0, 998);
      const entry = {
        tenantId: email.tenantId,
        inbox: email.inbox.address,
        source: email.source,
        ...(messageId ? { messageId } : {}),
        code: result.code,
        reason: result.reason,
        storageUri: stored.storageUri,
        sizeBytes: stored.sizeBytes,
      };
      await this.quarantine.record(entry);
      this.options.logger?.event('warn', 'EmailIntake', 'mail quarantined', { ...entry, messageId: messageId ?? null });
      quarantines.push({ code: result.code, reason: result.reason });
    }
    const flagged = messages.flatMap((message) =>
      message.autoSubmitted.flagged && message.thread.messageId
        ? [{ tenantId: message.tenantId, messageId: message.thread.messageId, reason: message.autoSubmitted.reason ?? 'other' }]
        : [],
    );
    // Remembered before the hand-off, so an automatic reply can never outrun the record of it.
    await this.autoSubmitted.remember(flagged);
    await this.publisher.publish(messages);
    if (messages.length > 0) this.options.fault?.afterKafkaAck();
    return { published: messages.length, quarantined: quarantines.length, autoSubmitted: flagged.length, quarantines };
  }
}
