import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ChannelSenderRegistry,
  KafkaDeliveryReportPublisher,
  OutboundReplyDispatcher,
  outboundReplyConsumer,
  SentRepliesRepository,
  type ChannelSender,
  type ReplyRoute,
} from '@tributary/channel-kit';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher, KafkaRuntime } from '@tributary/platform-kafka';
import { DataSource } from 'typeorm';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_INGEST_CONFIG, SOCIAL_REPLY_SENDERS } from './social-ingest.tokens';

/**
 * Every route this app answers, configured here or not: a reply for one whose provider is not
 * configured is dead-lettered with that reason rather than left for nobody.
 */
export const SOCIAL_REPLY_ROUTES: readonly ReplyRoute[] = [
  { channel: 'whatsapp', provider: 'whatsapp-cloud' },
  { channel: 'whatsapp', provider: 'whatsapp-web' },
  { channel: 'telegram', provider: 'telegram' },
  { channel: 'messenger', provider: 'meta' },
  { channel: 'instagram', provider: 'meta' },
];

/** Replies to social tickets go out through the configured providers by the kit's reply loop. */
@Injectable()
export class OutboundRepliesService implements OnModuleInit {
  private readonly dispatcher: OutboundReplyDispatcher;

  constructor(
    @Inject(SOCIAL_REPLY_SENDERS) senders: readonly ChannelSender[],
    private readonly kafka: KafkaRuntime,
    publisher: ContractPublisher,
    database: DatabaseRuntime,
    dataSource: DataSource,
    @Inject(SOCIAL_INGEST_CONFIG) private readonly config: SocialIngestConfig,
  ) {
    this.dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry(senders), new KafkaDeliveryReportPublisher(publisher), new SentRepliesRepository(dataSource), {
      routes: SOCIAL_REPLY_ROUTES,
      ready: () => database.whenConnected(),
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer(outboundReplyConsumer(this.dispatcher, this.config.SOCIAL_OUTBOUND_CONSUMER_GROUP));
  }
}
