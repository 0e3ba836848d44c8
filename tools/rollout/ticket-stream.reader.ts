import { randomUUID } from 'node:crypto';
import { TicketEventV1, TOPICS, decodeContract, type TicketEventV1Message } from '@tributary/contracts';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

/** A ticket event of the run's tenant and when it was put on the topic (the record's timestamp, set by the router's relay). */
export interface TimedTicketEvent {
  readonly event: TicketEventV1Message;
  readonly publishedAt: number;
}

/**
 * Reads `tributary.tickets.v1` from the beginning in a group of its own and keeps the events of one
 * tenant with their record timestamps, for the oracle and for the gaps between events. (The
 * platform's test reader gives no timestamps.)
 */
export class TicketStreamReader {
  readonly events: TimedTicketEvent[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly brokers: string,
    private readonly tenantId: string,
  ) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'rollout-ticket-reader', brokers: this.brokers.split(',') }), logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `rollout-ticket-reader-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: TOPICS.ticketEvents, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ message }) => {
        if (!message.value) return Promise.resolve();
        const value = JSON.parse(message.value.toString('utf8')) as { tenantId?: unknown };
        if (value.tenantId === this.tenantId) this.events.push({ event: decodeContract(TicketEventV1, message.value), publishedAt: Number(message.timestamp) });
        return Promise.resolve();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
