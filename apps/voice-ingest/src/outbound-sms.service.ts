import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeliveryStatusV1, OutboundMessageV1, TOPICS, type OutboundMessageV1Message } from '@tributary/contracts';
import { SmsReplySender, type FileSentReplies } from '@tributary/channel-voice';
import { ContractPublisher, KafkaRuntime, type ConsumedRecord } from '@tributary/platform-kafka';
import { SENT_REPLIES } from './voice-ingest.tokens';

export const VOICE_OUTBOUND_GROUP = 'tributary-voice-ingest-outbound';

/** Sends replies to SMS and voice tickets as texts and reports each on the delivery topic. */
@Injectable()
export class OutboundSmsService implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(SmsReplySender) private readonly sender: SmsReplySender,
    private readonly kafka: KafkaRuntime,
    private readonly publisher: ContractPublisher,
    @Inject(SENT_REPLIES) private readonly sentReplies: FileSentReplies,
  ) {}

  /** After the consumers stopped (before shutdown), so no send is recorded into a closed log. */
  async onApplicationShutdown(): Promise<void> {
    await this.sentReplies.close();
  }

  onModuleInit(): void {
    this.kafka.registerConsumer({
      groupId: VOICE_OUTBOUND_GROUP,
      topic: TOPICS.outbound,
      contract: OutboundMessageV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      handle: (records) => this.handle(records),
    });
  }

  private async handle(records: readonly ConsumedRecord<OutboundMessageV1Message>[]): Promise<void> {
    for (const record of records) {
      if (record.value.channel !== 'sms' && record.value.channel !== 'voice') continue;
      const status = await this.sender.send(record.value);
      await this.publisher.publish(TOPICS.delivery, DeliveryStatusV1, [{ key: status.outboundId, value: status, traceId: status.traceId }]);
    }
  }
}
