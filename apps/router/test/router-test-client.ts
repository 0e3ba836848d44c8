import { randomUUID } from 'node:crypto';
import { TOPICS } from '@tributary/contracts';
import { readHeaders, toKafkaJsConfig } from '@tributary/platform-kafka';
import { ownConsumerGroups, subscribeFromNow, type OwnConsumerGroups } from '@tributary/platform-testing';
import { ATTACHMENT_CONSUMER_GROUP, DELIVERY_CONSUMER_GROUP, ROUTER_CONSUMER_GROUP } from '@tributary/router-ticketing';
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

/** Reads what a topic gets from now on, in a group of its own; disconnect the returned consumer when done. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  onRecord: (key: string, value: Buffer | null, headers: Record<string, string>) => void,
): Promise<Consumer> {
  const groupId = `router-test-${randomUUID()}`;
  const reader = kafka.consumer({ groupId });
  await reader.connect();
  await subscribeFromNow(reader, groupId, [topic]);
  await reader.run({
    eachMessage: ({ message }) => {
      onRecord(message.key?.toString() ?? '', message.value, readHeaders(message.headers));
      return Promise.resolve();
    },
  });
  return reader;
}

/**
 * The router's consumer groups under a prefix of the suite's own, each starting where its topic ends
 * now: a router booted with `env` takes this suite's records only, never those other suites left on
 * the shared broker. Call it before publishing what the router must consume.
 */
export function routerGroupsFromNow(label: string, brokers?: string): Promise<OwnConsumerGroups> {
  return ownConsumerGroups(
    label,
    [
      { groupId: ROUTER_CONSUMER_GROUP, topic: TOPICS.inbound },
      { groupId: DELIVERY_CONSUMER_GROUP, topic: TOPICS.delivery },
      { groupId: ATTACHMENT_CONSUMER_GROUP, topic: TOPICS.attachments },
    ],
    brokers,
  );
}
