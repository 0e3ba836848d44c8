import { join } from 'node:path';
import { ensureJars, jarSetDir } from './jar-cache.util';

/** Kafka's console consumer in Kafka 4.x: the class `kafka-console-consumer.sh` runs. */
export const KAFKA_CONSOLE_CONSUMER_CLASS = 'org.apache.kafka.tools.consumer.ConsoleConsumer';

/** The `-cp` value that runs Kafka's own command-line tools (kafka-tools and what it needs, logging included). */
export function kafkaToolsClasspath(): string {
  return join(jarSetDir('kafka-tools'), '*');
}

/** Fetches Kafka's tools from Maven Central once (same version as the broker) and returns their folder. */
export function ensureKafkaTools(log: (line: string) => void): Promise<string> {
  return ensureJars('kafka-tools', log);
}
