import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChannelSenderRegistry, KafkaDeliveryReportPublisher, OutboundReplyDispatcher, outboundReplyConsumer, SentRepliesRepository } from '@tributary/channel-kit';
import { SmsReplySender } from '@tributary/channel-voice';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher, KafkaRuntime } from '@tributary/platform-kafka';
import { DataSource } from 'typeorm';

export const VOICE_OUTBOUND_GROUP = 'tributary-voice-ingest-outbound';

/** Replies to SMS and voice tickets go out as texts, and to WhatsApp-through-Twilio tickets as WhatsApp messages, through the kit's reply loop. */
@Injectable()
export class OutboundSmsService implements OnModuleInit {
  private readonly dispatcher: OutboundReplyDispatcher;

  constructor(
    sender: SmsReplySender,
    private readonly kafka: KafkaRuntime,
    publisher: ContractPublisher,
    database: DatabaseRuntime,
    dataSource: DataSource,
  ) {
    this.dispatcher = new OutboundReplyDispatcher(new ChannelSenderRegistry([sender]), new KafkaDeliveryReportPublisher(publisher), new SentRepliesRepository(dataSource), {
      routes: [
        { channel: 'sms', provider: 'twilio' },
        { channel: 'voice', provider: 'twilio' },
        { channel: 'whatsapp', provider: 'twilio' },
      ],
      ready: () => database.whenConnected(),
    });
  }

  onModuleInit(): void {
    this.kafka.registerConsumer(outboundReplyConsumer(this.dispatcher, VOICE_OUTBOUND_GROUP));
  }
}
