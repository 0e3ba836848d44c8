import { resolve } from 'node:path';
import { baseConfigShape, loadConfig } from '@tributary/platform-config';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { localDevBrokers } from './local-brokers.util';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The Kafka variables the apps read, so an operator command reaches a TLS/SASL cluster the way they do. */
const connectionSchema = z.object({
  KAFKA_BROKERS: baseConfigShape.KAFKA_BROKERS,
  KAFKA_CLIENT_ID: baseConfigShape.KAFKA_CLIENT_ID,
  KAFKA_SSL: baseConfigShape.KAFKA_SSL,
  KAFKA_SASL_MECHANISM: baseConfigShape.KAFKA_SASL_MECHANISM,
  KAFKA_SASL_USERNAME: baseConfigShape.KAFKA_SASL_USERNAME,
  KAFKA_SASL_PASSWORD: baseConfigShape.KAFKA_SASL_PASSWORD,
  KAFKA_CONSUMER_GROUP_PREFIX: baseConfigShape.KAFKA_CONSUMER_GROUP_PREFIX,
});

/**
 * A Kafka client for an operator command: `brokers` (its --brokers), else KAFKA_BROKERS, else the
 * local dev stack's broker; TLS and SASL from the apps' variables.
 */
export function operatorKafka(brokers: string | undefined, clientId: string): { kafka: Kafka; groupPrefix: string | undefined } {
  const config = loadConfig(connectionSchema, { ...process.env, KAFKA_BROKERS: brokers ?? (process.env['KAFKA_BROKERS'] || localDevBrokers(REPO_ROOT)) });
  const sasl =
    config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME
      ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD ?? '' }
      : undefined;
  const connection = toKafkaJsConfig({ clientId: config.KAFKA_CLIENT_ID ?? clientId, brokers: config.KAFKA_BROKERS, ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) });
  // A person is waiting: a broker that is not there is said within seconds, not after the apps' long retry ladder.
  return { kafka: new Kafka({ ...connection, retry: { ...connection.retry, retries: 2 }, logLevel: logLevel.NOTHING }), groupPrefix: config.KAFKA_CONSUMER_GROUP_PREFIX };
}
