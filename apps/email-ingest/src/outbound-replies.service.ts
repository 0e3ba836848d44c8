import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ChannelSenderRegistry, KafkaDeliveryReportPublisher, OutboundReplyDispatcher, outboundReplyConsumer, SentRepliesRepository } from '@tributary/channel-kit';
import { EmailIngestStateRepository, EmailReplySender, smtpTransport } from '@tributary/channel-email';
import { BLOB_STORE, type BlobStore } from '@tributary/platform-blob-store';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher, KafkaRuntime } from '@tributary/platform-kafka';
import { DataSource } from 'typeorm';
import type { EmailIngestConfig } from './email-ingest.config';
import { EMAIL_INGEST_CONFIG } from './email-ingest.tokens';

export const EMAIL_OUTBOUND_GROUP = 'tributary-email-ingest-outbound';

/** Sends the email replies on the outbound topic through the kit's reply loop, over SMTP. */
@Injectable()
export class OutboundRepliesService implements OnModuleInit, OnApplicationShutdown {
  private readonly transport: ReturnType<typeof smtpTransport>;
  private readonly dispatcher: OutboundReplyDispatcher;

  constructor(
    @Inject(EMAIL_INGEST_CONFIG) config: EmailIngestConfig,
    @Inject(BLOB_STORE) blobStore: BlobStore,
    state: EmailIngestStateRepository,
    private readonly kafka: KafkaRuntime,
    publisher: ContractPublisher,
    database: DatabaseRuntime,
    dataSource: DataSource,
  ) {
    this.transport = smtpTransport({
      host: config.EMAIL_SMTP_HOST,
      port: config.EMAIL_SMTP_PORT,
      secure: config.EMAIL_SMTP_SECURE,
      user: config.EMAIL_SMTP_USER,
      password: config.EMAIL_SMTP_PASSWORD,
    });
    const sender = new EmailReplySender(this.transport, blobStore, state, {
      ownAddresses: new Set(config.EMAIL_MAILBOXES.map((entry) => entry.address)),
      attempts: config.EMAIL_SEND_ATTEMPTS,
      retryDelayMs: 1_000,
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    this.dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sender]), new KafkaDeliveryReportPublisher(publisher), new SentRepliesRepository(dataSource), {
      routes: [{ channel: 'email', provider: 'smtp' }],
      ready: () => database.whenConnected(),
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer(outboundReplyConsumer(this.dispatcher, EMAIL_OUTBOUND_GROUP));
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
