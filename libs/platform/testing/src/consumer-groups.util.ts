import { randomUUID } from 'node:crypto';
import { TOPICS } from '@tributary/contracts';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { waitFor } from './wait-for.util';

/** A consumer group (as an app names it, before any prefix) and the topic it reads. */
export interface ConsumerGroupOnTopic {
  readonly groupId: string;
  readonly topic: string;
}

/**
 * The consumer groups each app joins, by the names its services give them, for suites that start
 * an app they may not import (another app, the gateway). `OwnConsumerGroups.verify` fails when an
 * app joined one this list misses.
 */
export const APP_CONSUMER_GROUPS = {
  router: [
    { groupId: 'tributary-router', topic: TOPICS.inbound },
    { groupId: 'tributary-router-delivery', topic: TOPICS.delivery },
    { groupId: 'tributary-router-attachments', topic: TOPICS.attachments },
  ],
  'email-ingest': [{ groupId: 'tributary-email-ingest-outbound', topic: TOPICS.outbound }],
  'voice-ingest': [{ groupId: 'tributary-voice-ingest-outbound', topic: TOPICS.outbound }],
  'social-ingest': [{ groupId: 'tributary-social-ingest-outbound', topic: TOPICS.outbound }],
  'chat-ingest': [{ groupId: 'tributary-chat-ingest-outbound', topic: TOPICS.outbound }],
} as const satisfies Record<string, readonly ConsumerGroupOnTopic[]>;

/** Consumer groups of one suite's own, under a prefix no other suite uses. */
export interface OwnConsumerGroups {
  /** For the apps' environment: every group an app joins carries the prefix. */
  readonly env: { readonly KAFKA_CONSUMER_GROUP_PREFIX: string };
  /** A group's full name on the broker, from the name the app gives it. */
  groupId(name: string): string;
  /** Fails if an app joined a group under the prefix that was not started at its topic's end. */
  verify(): Promise<void>;
}

function testKafka(brokers: string): Kafka {
  return new Kafka({ ...toKafkaJsConfig({ clientId: 'tributary-test-groups', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
}

/**
 * Commits each group's offsets at its topic's current end, so a consumer joining it takes only what
 * is published from now on; a new group would otherwise start at the beginning, with every record
 * earlier suites (and earlier runs) left on the shared broker. A topic that does not exist yet has
 * nothing to skip. A topic just created may have no leaders yet: asked again until it has.
 */
export async function startGroupsAtTopicEnd(groups: readonly ConsumerGroupOnTopic[], brokers = process.env['KAFKA_BROKERS'] ?? ''): Promise<void> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const { groupId, topic } of groups.filter((group) => existing.has(group.topic))) {
      let problem: unknown;
      const atEnd = async (): Promise<boolean> => {
        try {
          await admin.setOffsets({ groupId, topic, partitions: await admin.fetchTopicOffsets(topic) });
          return true;
        } catch (error) {
          problem = error;
          return false;
        }
      };
      await waitFor(`group ${groupId} at the end of ${topic}`, atEnd, 30_000, 500).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}: ${problem instanceof Error ? problem.message : String(problem)}`);
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * A KAFKA_CONSUMER_GROUP_PREFIX of the suite's own (`<label>-<random>.`) with the app's groups under
 * it already at their topics' ends: an app started with `env` takes this suite's records only,
 * never another suite's leftovers, as it would in the app's default groups (shared by every suite
 * and run) or in fresh groups (which read every topic from the beginning). Call it before the
 * suite publishes anything its apps must consume.
 */
export async function ownConsumerGroups(label: string, groups: readonly ConsumerGroupOnTopic[], brokers = process.env['KAFKA_BROKERS'] ?? ''): Promise<OwnConsumerGroups> {
  const prefix = `${label}-${randomUUID().slice(0, 8)}.`;
  const groupId = (name: string): string => `${prefix}${name}`;
  await startGroupsAtTopicEnd(
    groups.map((group) => ({ ...group, groupId: groupId(group.groupId) })),
    brokers,
  );
  const known = new Set(groups.map((group) => groupId(group.groupId)));
  return {
    env: { KAFKA_CONSUMER_GROUP_PREFIX: prefix },
    groupId,
    async verify(): Promise<void> {
      const admin = testKafka(brokers).admin();
      await admin.connect();
      try {
        const unknown = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix) && !known.has(id));
        if (unknown.length > 0) {
          throw new Error(`an app joined ${unknown.join(', ')}, which did not start at its topic's end: add it to the groups given to ownConsumerGroups (APP_CONSUMER_GROUPS)`);
        }
      } finally {
        await admin.disconnect();
      }
    },
  };
}

/**
 * Subscribes a suite's reader (in a group of its own, not yet joined) to topics from their current
 * ends: it sees what is published from now on, and never decodes what earlier suites left on the
 * shared broker (by the end of a full run, tens of thousands of records a reader from the beginning
 * must get through before it reaches this suite's). A topic created later is read from its start.
 */
export async function subscribeFromNow(reader: Consumer, groupId: string, topics: readonly string[], brokers = process.env['KAFKA_BROKERS'] ?? ''): Promise<void> {
  await startGroupsAtTopicEnd(
    topics.map((topic) => ({ groupId, topic })),
    brokers,
  );
  await reader.subscribe({ topics: [...topics], fromBeginning: true });
}
