import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DeliveryStatusV1, OutboundMessageV1, TOPICS, type OutboundMessageV1Message } from '@tributary/contracts';
import { SmsReplySender } from '@tributary/channel-voice';
import { ContractPublisher, KafkaRuntime, type ConsumedRecord } from '@tributary/platform-kafka';

export const VOICE_OUTBOUND_GROUP = 'tributary-voice-ingest-outbound';

/** Sends replies to SMS and voice tickets as texts and reports each on the delivery topic. */
@Injectable()
export class OutboundSmsService implements OnModuleInit {
  constructor(
    @Inject(SmsReplySender) private readonly sender: SmsReplySender,
    private readonly kafka: KafkaRuntime,
    private readonly publisher: ContractPublisher,
  ) {}

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
