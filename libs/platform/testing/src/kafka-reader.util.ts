import { randomUUID } from 'node:crypto';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface ReadRecord {
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly partition: number;
  readonly offset: string;
}

/** Reads a topic from the beginning in a group of its own; disconnect the returned consumer when done. */
export async function readTopic(brokers: string, topic: string, onRecord: (record: ReadRecord) => void): Promise<Consumer> {
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'tributary-test-reader', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `tributary-test-reader-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message, partition }) => {
      const value = message.value ? (JSON.parse(message.value.toString('utf8')) as Record<string, unknown>) : {};
      onRecord({ key: message.key?.toString() ?? '', value, partition, offset: message.offset });
      return Promise.resolve();
    },
  });
  return reader;
}
