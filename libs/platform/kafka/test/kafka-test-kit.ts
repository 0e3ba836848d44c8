import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { toKafkaJsConfig } from '../src/kafka-connection.config';

/** A kafkajs client for the broker the jest global setup started (KAFKA_BROKERS). */
export function testKafka(): Kafka {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run integration tests through their jest config');
  return new Kafka({ ...toKafkaJsConfig({ clientId: `test-${randomUUID().slice(0, 8)}`, brokers }), logLevel: logLevel.NOTHING });
}
