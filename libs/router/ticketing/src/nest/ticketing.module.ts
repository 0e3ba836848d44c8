import { DynamicModule, Module } from '@nestjs/common';
import { AttachmentIntakeService } from './attachment-intake.service';
import { DeliveryIntakeService } from './delivery-intake.service';
import { InboundIntakeService, TICKETING_OPTIONS, type TicketingOptions } from './inbound-intake.service';
import { OutboxRelayService } from './outbox-relay.service';

/** The router's ticket pipeline: inbound intake, delivery reports and attachment outcomes into Postgres, and the outbox relay to Kafka. */
@Module({})
export class TicketingModule {
  static forRoot(options: TicketingOptions): DynamicModule {
    return {
      module: TicketingModule,
      providers: [{ provide: TICKETING_OPTIONS, useValue: options }, InboundIntakeService, DeliveryIntakeService, AttachmentIntakeService, OutboxRelayService],
    };
  }
}
