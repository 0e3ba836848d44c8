import { randomUUID } from 'node:crypto';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { subscribeFromNow } from './consumer-groups.util';

export interface ReadRecord {
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Reads what a topic gets from now on, in a group of its own; disconnect the returned consumer when
 * done. `from: 'beginning'` is for a suite on a broker of its own that must see what an app
 * published before the reader could join (after an outage, say): on the shared broker it would
 * decode every record every earlier suite left.
 */
export async function readTopic(brokers: string, topic: string, onRecord: (record: ReadRecord) => void, { from = 'now' }: { from?: 'now' | 'beginning' } = {}): Promise<Consumer> {
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'tributary-test-reader', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
  const groupId = `tributary-test-reader-${randomUUID()}`;
  const reader = kafka.consumer({ groupId });
  await reader.connect();
  if (from === 'now') await subscribeFromNow(reader, groupId, [topic], brokers);
  else await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message, partition }) => {
      const value = message.value ? (JSON.parse(message.value.toString('utf8')) as Record<string, unknown>) : {};
      onRecord({ key: message.key?.toString() ?? '', value, partition, offset: message.offset });
      return Promise.resolve();
    },
  });
  return reader;
}
