import { randomUUID } from 'node:crypto';
import { TicketEventV1, TOPICS, decodeContract } from '@tributary/contracts';
import { announcedEvent, type AnnouncedEvent } from '@tributary/fault-oracle';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

/** A ticket event of the run's tenant, as the oracle reads it, and when it was put on the topic (the record's timestamp, set by the router's relay). */
export interface TimedTicketEvent {
  readonly event: AnnouncedEvent;
  readonly publishedAt: number;
}

const RESTART_PAUSE_MS = 2_000;

/**
 * Reads `tributary.tickets.v1` in a group of its own, from where the topic ended when the reader
 * started (the run's tenant is new, and a stack kept between runs holds every earlier run's events),
 * and keeps the events of one tenant (validated against the contract, then kept as the oracle reads
 * them) with their record timestamps, for the oracle, the gaps between events and the latency of
 * each input. (The platform's test reader gives no timestamps.) A consumer that stops for good (the
 * broker away longer than its retries) is replaced by a new one in the same group, which goes on from
 * the group's committed offsets; what it reads twice the oracle takes as republished.
 */
export class TicketStreamReader {
  readonly events: TimedTicketEvent[] = [];
  /** Consumers replaced after they stopped for good. */
  restarts = 0;
  private consumer: Consumer | undefined;
  private readonly groupId = `rollout-ticket-reader-${randomUUID()}`;
  private stopped = false;

  constructor(
    private readonly brokers: string,
    private readonly tenantId: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Starts reading at the topic's current end. */
  async start(): Promise<void> {
    const kafka = this.kafka();
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(TOPICS.ticketEvents).finally(() => admin.disconnect());
    await this.run(kafka);
    for (const { partition, high } of ends) this.consumer?.seek({ topic: TOPICS.ticketEvents, partition, offset: high });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect();
  }

  /** Patient timeouts: a harness loaded hard may not get to a connection's answer for seconds. */
  private kafka(): Kafka {
    return new Kafka({
      ...toKafkaJsConfig({ clientId: 'rollout-ticket-reader', brokers: this.brokers.split(',') }),
      connectionTimeout: 20_000,
      requestTimeout: 60_000,
      logLevel: logLevel.NOTHING,
    });
  }

  private async run(kafka: Kafka): Promise<void> {
    const consumer = kafka.consumer({ groupId: this.groupId });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.log(`ticket reader: consumer crashed (${payload.error.message})${payload.restart ? '; kafkajs restarts it' : ''}`);
      if (!payload.restart && !this.stopped) void this.replace(consumer);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.ticketEvents, fromBeginning: false });
    await consumer.run({
      eachMessage: ({ message }) => {
        if (!message.value) return Promise.resolve();
        const value = JSON.parse(message.value.toString('utf8')) as { tenantId?: unknown };
        if (value.tenantId === this.tenantId) this.events.push({ event: announcedEvent(decodeContract(TicketEventV1, message.value)), publishedAt: Number(message.timestamp) });
        return Promise.resolve();
      },
    });
  }

  private async replace(crashed: Consumer): Promise<void> {
    this.restarts += 1;
    await crashed.disconnect().catch(() => undefined);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, RESTART_PAUSE_MS));
      if (this.stopped) return;
      try {
        await this.run(this.kafka());
        return;
      } catch {
        // The broker is still away: try again.
      }
    }
  }
}
