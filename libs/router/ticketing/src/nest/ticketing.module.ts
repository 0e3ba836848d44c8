import { Module } from '@nestjs/common';
import { InboundIntakeService } from './inbound-intake.service';
import { OutboxRelayService } from './outbox-relay.service';

/** The router's ticket pipeline: inbound intake into Postgres, and the outbox relay to Kafka. */
@Module({ providers: [InboundIntakeService, OutboxRelayService] })
export class TicketingModule {}
