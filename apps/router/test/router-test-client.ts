import { randomUUID } from 'node:crypto';
import { readHeaders, toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

/** Calls the queue API as a helpdesk does: JSON in and out, the tenant's key as a bearer token. */
export async function callApi(baseUrl: string, method: string, path: string, key?: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export function testKafka(clientId: string): Kafka {
  return new Kafka({ ...toKafkaJsConfig({ clientId, brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
}

/** Reads a topic from the beginning in a group of its own; disconnect the returned consumer when done. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  onRecord: (key: string, value: Buffer | null, headers: Record<string, string>) => void,
): Promise<Consumer> {
  const reader = kafka.consumer({ groupId: `router-test-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message }) => {
      onRecord(message.key?.toString() ?? '', message.value, readHeaders(message.headers));
      return Promise.resolve();
    },
  });
  return reader;
}
