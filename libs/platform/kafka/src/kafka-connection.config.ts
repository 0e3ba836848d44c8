import type { KafkaConfig, SASLOptions } from 'kafkajs';

export interface KafkaConnectionConfig {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly ssl?: boolean;
  readonly sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export function toKafkaJsConfig(config: KafkaConnectionConfig): KafkaConfig {
  const sasl: SASLOptions | undefined = config.sasl ? { ...config.sasl } : undefined;
  return {
    clientId: config.clientId,
    brokers: [...config.brokers],
    ssl: config.ssl ?? false,
    ...(sasl ? { sasl } : {}),
    // A broker restart must not kill a long-lived service: keep retrying with capped backoff.
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
    connectionTimeout: 3_000,
  };
}
