import { TOPICS } from '@tributary/contracts';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';

/** What tributary.inbound.v1 promises for an acknowledged record, read from the broker itself. */
export interface InboundTopicDurability {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: string;
  /** Brokers in the cluster: with one, acks=all means that one broker's page cache. */
  readonly brokers: number;
  readonly flushMessages: string;
}

export async function describeInboundTopic(kafka: Kafka): Promise<InboundTopicDurability> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPICS.inbound] })).topics;
    const cluster = await admin.describeCluster();
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: TOPICS.inbound, configNames: ['min.insync.replicas', 'flush.messages'] }],
      includeSynonyms: false,
    });
    const entries = described.resources[0]?.configEntries ?? [];
    const config = (name: string): string => entries.find((entry) => entry.configName === name)?.configValue ?? 'unknown';
    return {
      partitions: topic?.partitions.length ?? 0,
      replicationFactor: topic?.partitions[0]?.replicas.length ?? 0,
      minInsyncReplicas: config('min.insync.replicas'),
      brokers: cluster.brokers.length,
      flushMessages: config('flush.messages'),
    };
  } finally {
    await admin.disconnect();
  }
}
