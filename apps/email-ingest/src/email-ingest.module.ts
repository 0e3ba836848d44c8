import { DynamicModule, Module } from '@nestjs/common';
import { DurableHandoff } from '@tributary/channel-kit';
import { createEmailIntake, emailHandoff, EmailIngestStateRepository, EmailIntake } from '@tributary/channel-email';
import { BLOB_STORE, blobStoreFromConfig, type BlobStore } from '@tributary/platform-blob-store';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { DataSource } from 'typeorm';
import { handOffFault } from './email-ingest-fault';
import type { EmailIngestConfig } from './email-ingest.config';
import { EMAIL_INGEST_CONFIG } from './email-ingest.tokens';
import { ImapPollersService } from './imap-pollers.service';
import { InboundSmtpService } from './inbound-smtp.service';
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
        { provide: DurableHandoff, useFactory: (publisher: ContractPublisher) => emailHandoff(publisher, config), inject: [ContractPublisher] },
        {
          provide: EmailIntake,
          useFactory: (blobStore: BlobStore, handoff: DurableHandoff, state: EmailIngestStateRepository, logger: JsonLogger) => {
            if (config.EMAIL_INGEST_FAULT) logger.event('warn', 'EmailIngest', 'TEST-ONLY FAULT ARMED: this process will kill itself', { fault: config.EMAIL_INGEST_FAULT });
            const fault = handOffFault(config.EMAIL_INGEST_FAULT);
            return createEmailIntake(config, { blobStore, handoff, state, logger, ...(fault ? { fault } : {}) });
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
