import { DynamicModule, Module } from '@nestjs/common';
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
          provide: EmailIntake,
          useFactory: (blobStore: BlobStore, publisher: ContractPublisher, state: EmailIngestStateRepository, logger: JsonLogger) => {
            if (config.EMAIL_INGEST_FAULT) logger.event('warn', 'EmailIngest', 'TEST-ONLY FAULT ARMED: this process will kill itself', { fault: config.EMAIL_INGEST_FAULT });
            return new EmailIntake(
              new EmailNormalizer(blobStore, {
                limits: { maxMessageBytes: config.EMAIL_MAX_MESSAGE_BYTES, maxMimeParts: config.EMAIL_MAX_MIME_PARTS, parseTimeoutMs: config.EMAIL_PARSE_TIMEOUT_MS },
                allowRemoteImages: config.EMAIL_ALLOW_REMOTE_IMAGES,
              }),
              blobStore,
              new KafkaInboundPublisher(publisher),
              state,
              state,
              handOffFault(config.EMAIL_INGEST_FAULT),
            );
          },
          inject: [BLOB_STORE, ContractPublisher, EmailIngestStateRepository, JsonLogger],
        },
        ImapPollersService,
        InboundSmtpService,
        OutboundRepliesService,
      ],
      exports: [EmailIntake, EmailIngestStateRepository, InboundSmtpService],
    };
  }
}
