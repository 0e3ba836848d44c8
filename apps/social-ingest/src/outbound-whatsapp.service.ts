import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ChannelSenderRegistry, KafkaDeliveryReportPublisher, OutboundReplyDispatcher, outboundReplyConsumer, SentRepliesRepository } from '@tributary/channel-kit';
import { WhatsappCloudReplySender } from '@tributary/channel-social';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher, KafkaRuntime } from '@tributary/platform-kafka';
import { DataSource } from 'typeorm';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_INGEST_CONFIG } from './social-ingest.tokens';

/** Replies to WhatsApp tickets go out through the Cloud API by the kit's reply loop. */
@Injectable()
export class OutboundWhatsappService implements OnModuleInit {
  private readonly dispatcher: OutboundReplyDispatcher;

  constructor(
    sender: WhatsappCloudReplySender,
    private readonly kafka: KafkaRuntime,
    publisher: ContractPublisher,
    database: DatabaseRuntime,
    dataSource: DataSource,
    @Inject(SOCIAL_INGEST_CONFIG) private readonly config: SocialIngestConfig,
  ) {
    this.dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sender]), new KafkaDeliveryReportPublisher(publisher), new SentRepliesRepository(dataSource), {
      channels: ['whatsapp'],
      ready: () => database.whenConnected(),
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer(outboundReplyConsumer(this.dispatcher, this.config.SOCIAL_OUTBOUND_CONSUMER_GROUP, { kind: 'shared' }));
  }
}
