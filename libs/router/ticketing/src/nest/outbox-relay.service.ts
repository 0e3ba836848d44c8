import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { OutboxRelay } from '../outbox-relay';
import { TICKETING_OPTIONS, type TicketingOptions } from './inbound-intake.service';

/** Runs the outbox relay for the app's lifetime; stops it before the producer and the pool close. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    private readonly database: DatabaseRuntime,
    publisher: ContractPublisher,
    logger: JsonLogger,
    @Inject(TICKETING_OPTIONS) options: TicketingOptions,
  ) {
    this.relay = new OutboxRelay(database.dataSource, publisher, logger, { retentionMs: options.outboxRetentionHours * 3_600_000 });
  }

  onApplicationBootstrap(): void {
    void this.database.whenConnected().then(() => this.relay.start());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}
