import { randomUUID } from 'node:crypto';
import { decodeContract, type Contract, type TopicName } from '@tributary/contracts';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { z } from 'zod';
import { subscribeFromNow } from './consumer-groups.util';

/** Collects every record a topic gets from now on that matches a filter, decoded, for assertions. */
export class KafkaTopicReader<TSchema extends z.ZodType> {
  readonly records: z.infer<TSchema>[] = [];
  private readonly consumer: Consumer;
  private readonly groupId = `topic-reader-${randomUUID()}`;

  constructor(
    private readonly topic: TopicName,
    private readonly contract: Contract<TSchema>,
    private readonly keep: (value: z.infer<TSchema>) => boolean,
  ) {
    const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'tributary-test-topic-reader', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: this.groupId });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await subscribeFromNow(this.consumer, this.groupId, [this.topic]);
    await this.consumer.run({
      eachMessage: ({ message }) => {
        // The topic is shared with every other suite, poison records of the dead-letter tests included:
        // a record that is not the contract is not one of ours, and must not stall the reader.
        let value: z.infer<TSchema>;
        try {
          value = decodeContract(this.contract, message.value);
        } catch {
          return Promise.resolve();
        }
        if (this.keep(value)) this.records.push(value);
        return Promise.resolve();
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
