import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeliveryStatusV1, OutboundMessageV1, TOPICS, type OutboundMessageV1Message } from '@tributary/contracts';
import { EmailIngestStateRepository, EmailReplySender, smtpTransport } from '@tributary/channel-email';
import { BLOB_STORE, type BlobStore } from '@tributary/platform-blob-store';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher, KafkaRuntime, type ConsumedRecord } from '@tributary/platform-kafka';
import type { EmailIngestConfig } from './email-ingest.config';
import { EMAIL_INGEST_CONFIG } from './email-ingest.tokens';

export const EMAIL_OUTBOUND_GROUP = 'tributary-email-ingest-outbound';

/** Sends the email replies on the outbound topic and reports each on the delivery topic. */
@Injectable()
export class OutboundRepliesService implements OnModuleInit, OnApplicationShutdown {
  private readonly transport: ReturnType<typeof smtpTransport>;
  private readonly sender: EmailReplySender;

  constructor(
    @Inject(EMAIL_INGEST_CONFIG) config: EmailIngestConfig,
    @Inject(BLOB_STORE) blobStore: BlobStore,
    state: EmailIngestStateRepository,
    private readonly kafka: KafkaRuntime,
    private readonly publisher: ContractPublisher,
    private readonly database: DatabaseRuntime,
  ) {
    this.transport = smtpTransport({
      host: config.EMAIL_SMTP_HOST,
      port: config.EMAIL_SMTP_PORT,
      secure: config.EMAIL_SMTP_SECURE,
      user: config.EMAIL_SMTP_USER,
      password: config.EMAIL_SMTP_PASSWORD,
    });
    this.sender = new EmailReplySender(this.transport, blobStore, state, {
      ownAddresses: new Set(config.EMAIL_MAILBOXES.map((entry) => entry.address)),
      attempts: config.EMAIL_SEND_ATTEMPTS,
      retryDelayMs: 1_000,
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer({
      groupId: EMAIL_OUTBOUND_GROUP,
      topic: TOPICS.outbound,
      contract: OutboundMessageV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      handle: (records) => this.handle(records),
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  private async handle(records: readonly ConsumedRecord<OutboundMessageV1Message>[]): Promise<void> {
    await this.database.whenConnected();
    for (const record of records) {
      if (record.value.channel !== 'email') continue;
      const status = await this.sender.send(record.value);
      await this.publisher.publish(TOPICS.delivery, DeliveryStatusV1, [{ key: status.outboundId, value: status, traceId: status.traceId }]);
    }
  }
}
