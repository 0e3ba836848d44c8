import { Injectable } from '@nestjs/common';
import { deliveryHandoffRecord, DurableHandoff } from '@tributary/channel-kit';
import { TwilioDeliveryCallbackMapper, type TwilioParams } from '@tributary/channel-voice';

/** Twilio message status callbacks → DeliveryStatus v1, through the same durable hand-off as messages. */
@Injectable()
export class DeliveryReports {
  private readonly mapper = new TwilioDeliveryCallbackMapper();

  constructor(private readonly handoff: DurableHandoff) {}

  async report(query: TwilioParams, body: TwilioParams): Promise<void> {
    const status = this.mapper.toDeliveryStatus({ query, body }, new Date());
    if (status) await this.handoff.handOff(deliveryHandoffRecord(status));
  }
}
