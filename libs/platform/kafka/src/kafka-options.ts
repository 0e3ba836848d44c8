import type { TopicName } from '@tributary/contracts';
import type { KafkaConnectionConfig } from './kafka-connection.config';
import type { TopicSettings } from './topic-provisioner';

export interface KafkaModuleOptions {
  readonly connection: KafkaConnectionConfig;
  /** Topics this app reads or writes; created at start when missing. */
  readonly topics: readonly TopicName[];
  readonly topicSettings: TopicSettings;
  /** Put before every consumer group id (KAFKA_CONSUMER_GROUP_PREFIX); empty in a deployment of its own. */
  readonly consumerGroupPrefix?: string;
  /** Every consumer's session timeout unless it sets its own (KAFKA_SESSION_TIMEOUT_MS). */
  readonly sessionTimeoutMs?: number;
}

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
/** A client that never retries, for probes and loops that do their own retrying. */
export const KAFKA_PROBE_CLIENT = Symbol('KAFKA_PROBE_CLIENT');
