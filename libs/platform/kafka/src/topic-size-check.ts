import { TOPIC_CATALOG, type TopicName } from '@tributary/contracts';
import { ConfigResourceTypes, type Admin } from 'kafkajs';

export interface UndersizedTopic {
  readonly topic: TopicName;
  readonly maxMessageBytes: number;
  readonly wanted: number;
}

/**
 * Topics that accept smaller record batches than the catalog asks for: typically a dead-letter
 * topic created before it asked for headroom, or by someone else. Existing topics are never
 * altered (an operator's decision), so the caller can only say so.
 */
export async function findUndersizedTopics(admin: Pick<Admin, 'describeConfigs'>, topics: readonly TopicName[]): Promise<UndersizedTopic[]> {
  if (topics.length === 0) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] })),
  });
  const undersized: UndersizedTopic[] = [];
  for (const resource of described.resources) {
    const descriptor = TOPIC_CATALOG.find((entry) => entry.name === resource.resourceName);
    const value = resource.configEntries.find((entry) => entry.configName === 'max.message.bytes')?.configValue;
    if (!descriptor || value === undefined) continue;
    const maxMessageBytes = Number(value);
    if (maxMessageBytes < descriptor.maxMessageBytes) undersized.push({ topic: descriptor.name, maxMessageBytes, wanted: descriptor.maxMessageBytes });
  }
  return undersized;
}
