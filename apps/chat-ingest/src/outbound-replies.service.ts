import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ChatReplySender } from '@tributary/channel-chat';
import { ChannelSenderRegistry, KafkaDeliveryReportPublisher, OutboundReplyDispatcher, outboundReplyConsumer } from '@tributary/channel-kit';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher, KafkaRuntime } from '@tributary/platform-kafka';
import type { ChatIngestConfig } from './chat-ingest.config';
import { CHAT_INGEST_CONFIG } from './chat-ingest.tokens';

/**
 * Agents' chat replies by the kit's reply loop in one shared group: one replica stores each reply
 * (once, by outbound id) and its NOTIFY brings it to whichever replica holds the visitor's socket
 * (ChatEntryNotifications). A shared group, not one per replica, because a group that starts at the
 * newest record would skip a reply published while every replica was down. No sent-replies ledger:
 * storing by outbound id is already idempotent.
 */
@Injectable()
export class OutboundRepliesService implements OnModuleInit {
  private readonly dispatcher: OutboundReplyDispatcher;

  constructor(
    sender: ChatReplySender,
    private readonly kafka: KafkaRuntime,
    publisher: ContractPublisher,
    database: DatabaseRuntime,
    @Inject(CHAT_INGEST_CONFIG) private readonly config: ChatIngestConfig,
  ) {
    this.dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sender]), new KafkaDeliveryReportPublisher(publisher), undefined, {
      routes: [{ channel: 'chat', provider: 'chat' }],
      ready: () => database.whenConnected(),
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer(outboundReplyConsumer(this.dispatcher, this.config.CHAT_OUTBOUND_CONSUMER_GROUP));
  }
}
