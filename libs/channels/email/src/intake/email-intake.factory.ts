import { BatchingPublisher, DurableHandoff, inboundHandoffRecord, KafkaHandoffPublisher, NoSpool } from '@tributary/channel-kit';
import type { InboundMessageV1Input } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import type { ContractPublisher } from '@tributary/platform-kafka';
import { EmailNormalizer } from '../mime/email-normalizer.service';
import type { EmailIngestStateRepository } from '../persistence/email-ingest-state.repository';
import type { EmailIntakeConfig } from './email-intake-config';
import type { HandOffFaultPort, InboundPublisherPort, QuarantineLogPort } from './email-intake.ports';
import { EmailIntake } from './email-intake.service';

/**
 * Mail's hand-off to Kafka. No spool: IMAP keeps unacknowledged mail on the server and SMTP clients
 * retry after 451, so a local copy would only be one more place to lose it.
 */
export function emailHandoff(publisher: ContractPublisher, config: Pick<EmailIntakeConfig, 'EMAIL_HANDOFF_TIMEOUT_MS'>): DurableHandoff {
  return new DurableHandoff(new BatchingPublisher(new KafkaHandoffPublisher(publisher)), new NoSpool(), { timeoutMs: config.EMAIL_HANDOFF_TIMEOUT_MS });
}

/**
 * Mail goes to Kafka through the kit's hand-off, keyed per contact like every channel's messages.
 * Resolves once Kafka acknowledged all of them; rejects when Kafka does not answer in time, so the
 * source (IMAP checkpoint, SMTP 451, the quarantine command) keeps the mail and tries again.
 */
export class KafkaInboundPublisher implements InboundPublisherPort {
  constructor(private readonly handoff: DurableHandoff) {}

  async publish(messages: readonly InboundMessageV1Input[]): Promise<void> {
    await Promise.all(messages.map((message) => this.handoff.handOff(inboundHandoffRecord(message))));
  }
}

export interface EmailIntakeParts {
  readonly blobStore: BlobStore;
  readonly handoff: DurableHandoff;
  readonly state: EmailIngestStateRepository;
  readonly logger?: QuarantineLogPort;
  readonly fault?: HandOffFaultPort;
}

/** The one intake every received mail goes through, as email-ingest builds it: also what a re-driven quarantined mail goes through. */
export function createEmailIntake(config: EmailIntakeConfig, parts: EmailIntakeParts): EmailIntake {
  const normalizer = new EmailNormalizer(parts.blobStore, {
    limits: { maxMessageBytes: config.EMAIL_MAX_MESSAGE_BYTES, maxMimeParts: config.EMAIL_MAX_MIME_PARTS, parseTimeoutMs: config.EMAIL_PARSE_TIMEOUT_MS },
    allowRemoteImages: config.EMAIL_ALLOW_REMOTE_IMAGES,
    ...(config.EMAIL_MAX_RECORD_BYTES !== undefined ? { maxRecordBytes: config.EMAIL_MAX_RECORD_BYTES } : {}),
  });
  return new EmailIntake(normalizer, parts.blobStore, new KafkaInboundPublisher(parts.handoff), parts.state, parts.state, {
    ...(parts.fault ? { fault: parts.fault } : {}),
    ...(parts.logger ? { logger: parts.logger } : {}),
  });
}
