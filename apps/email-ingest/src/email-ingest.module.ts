import { DynamicModule, Module } from '@nestjs/common';
import { BatchingPublisher, DurableHandoff, KafkaHandoffPublisher, NoSpool } from '@tributary/channel-kit';
import { EmailIngestStateRepository, EmailIntake, EmailNormalizer } from '@tributary/channel-email';
import { BLOB_STORE, blobStoreFromConfig, type BlobStore } from '@tributary/platform-blob-store';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { DataSource } from 'typeorm';
import { handOffFault } from './email-ingest-fault';
import type { EmailIngestConfig } from './email-ingest.config';
import { EMAIL_INGEST_CONFIG } from './email-ingest.tokens';
import { ImapPollersService } from './imap-pollers.service';
import { InboundSmtpService } from './inbound-smtp.service';
import { KafkaInboundPublisher } from './kafka-inbound.publisher';
import { OutboundRepliesService } from './outbound-replies.service';

/** Wires the email adapters: IMAP pollers and inbound SMTP into one intake, and the reply sender. */
@Module({})
export class EmailIngestModule {
  static forRoot(config: EmailIngestConfig): DynamicModule {
    return {
      module: EmailIngestModule,
      providers: [
        { provide: EMAIL_INGEST_CONFIG, useValue: config },
        { provide: BLOB_STORE, useFactory: () => blobStoreFromConfig(config) },
        { provide: EmailIngestStateRepository, useFactory: (dataSource: DataSource) => new EmailIngestStateRepository(dataSource), inject: [DataSource] },
        {
          // No spool: IMAP keeps unacknowledged mail on the server and SMTP clients retry after 451,
          // so a local copy would only be one more place to lose it.
          provide: DurableHandoff,
          useFactory: (publisher: ContractPublisher) =>
            new DurableHandoff(new BatchingPublisher(new KafkaHandoffPublisher(publisher)), new NoSpool(), { timeoutMs: config.EMAIL_HANDOFF_TIMEOUT_MS }),
          inject: [ContractPublisher],
        },
        {
          provide: EmailIntake,
          useFactory: (blobStore: BlobStore, handoff: DurableHandoff, state: EmailIngestStateRepository, logger: JsonLogger) => {
            if (config.EMAIL_INGEST_FAULT) logger.event('warn', 'EmailIngest', 'TEST-ONLY FAULT ARMED: this process will kill itself', { fault: config.EMAIL_INGEST_FAULT });
            return new EmailIntake(
              new EmailNormalizer(blobStore, {
                limits: { maxMessageBytes: config.EMAIL_MAX_MESSAGE_BYTES, maxMimeParts: config.EMAIL_MAX_MIME_PARTS, parseTimeoutMs: config.EMAIL_PARSE_TIMEOUT_MS },
                allowRemoteImages: config.EMAIL_ALLOW_REMOTE_IMAGES,
                ...(config.EMAIL_MAX_RECORD_BYTES !== undefined ? { maxRecordBytes: config.EMAIL_MAX_RECORD_BYTES } : {}),
              }),
              blobStore,
              new KafkaInboundPublisher(handoff),
              state,
              state,
              { fault: handOffFault(config.EMAIL_INGEST_FAULT), logger },
            );
          },
          inject: [BLOB_STORE, DurableHandoff, EmailIngestStateRepository, JsonLogger],
        },
        ImapPollersService,
        InboundSmtpService,
        OutboundRepliesService,
      ],
      exports: [EmailIntake, EmailIngestStateRepository, InboundSmtpService],
    };
  }
}
