import { TOPIC_CATALOG, type TopicName } from '@tributary/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicSettings {
  readonly partitions: number;
  readonly replicationFactor: number;
}

/** The creation request for each topic: cleanup policy and record size limit come from the catalog. */
export function topicConfigs(topics: readonly TopicName[], settings: TopicSettings): ITopicConfig[] {
  return topics.map((topic) => {
    const descriptor = TOPIC_CATALOG.find((entry) => entry.name === topic);
    const compact = descriptor?.cleanupPolicy === 'compact';
    return {
      topic,
      numPartitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: compact ? 'compact' : 'delete' },
        // Writes are acknowledged by every in-sync replica; with one replica that is itself.
        { name: 'min.insync.replicas', value: String(Math.min(2, settings.replicationFactor)) },
        // Explicit on every topic, so the dead-letter topic's headroom over its sources holds
        // whatever the broker's default message.max.bytes is.
        ...(descriptor ? [{ name: 'max.message.bytes', value: String(descriptor.maxMessageBytes) }] : []),
      ],
    };
  });
}

/**
 * Creates the topics an app needs, leaving existing ones as they are (partition counts of a live
 * topic are an operator's decision). Safe when several apps race to create the same topic.
 */
export async function ensureTopics(admin: Admin, topics: readonly TopicName[], settings: TopicSettings): Promise<TopicName[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topicConfigs(
    topics.filter((topic) => !existing.has(topic)),
    settings,
  );
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  } catch (error) {
    // Another app created some of them between our list and our create.
    if (!isTopicExistsError(error)) throw error;
  }
  return missing.map((config) => config.topic as TopicName);
}

function isTopicExistsError(error: unknown): boolean {
  const errors = (error as { errors?: { type?: string }[] }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((entry) => entry.type === 'TOPIC_ALREADY_EXISTS');
}
