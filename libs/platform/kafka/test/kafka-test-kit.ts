import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ContractPublisher } from '../src/contract-publisher';
import { toKafkaJsConfig } from '../src/kafka-connection.config';

/** A kafkajs client for the broker the jest global setup started (KAFKA_BROKERS). */
export function testKafka(): Kafka {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run integration tests through their jest config');
  return new Kafka({ ...toKafkaJsConfig({ clientId: `test-${randomUUID().slice(0, 8)}`, brokers }), logLevel: logLevel.NOTHING });
}

export function testPublisher(kafka: Kafka): ContractPublisher {
  return new ContractPublisher(kafka);
}

/** Polls until `predicate` holds, failing with `what` after the timeout. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
