import type { TopicName } from '@tributary/contracts';
import type { BaseConfig } from '@tributary/platform-config';
import type { KafkaModuleOptions } from './kafka-options';

/** KafkaModule options from the variables every app shares (KAFKA_*). */
export function kafkaOptionsFromConfig(appName: string, config: BaseConfig, topics: readonly TopicName[]): KafkaModuleOptions {
  const sasl =
    config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME
      ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD ?? '' }
      : undefined;
  return {
    connection: { clientId: config.KAFKA_CLIENT_ID ?? `tributary-${appName}`, brokers: config.KAFKA_BROKERS, ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) },
    topics,
    topicSettings: { partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_TOPIC_REPLICATION_FACTOR },
    consumerGroupPrefix: config.KAFKA_CONSUMER_GROUP_PREFIX,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  };
}
