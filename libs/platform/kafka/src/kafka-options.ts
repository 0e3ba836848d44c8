import type { TopicName } from '@tributary/contracts';
import type { KafkaConnectionConfig } from './kafka-connection.config';
import type { TopicSettings } from './topic-provisioner';

export interface KafkaModuleOptions {
  readonly connection: KafkaConnectionConfig;
  /** Topics this app reads or writes; created at start when missing. */
  readonly topics: readonly TopicName[];
  readonly topicSettings: TopicSettings;
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
