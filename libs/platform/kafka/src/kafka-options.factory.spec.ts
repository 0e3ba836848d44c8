import { baseConfigSchema, loadConfig } from '@tributary/platform-config';
import { kafkaOptionsFromConfig } from './kafka-options.factory';

describe('kafkaOptionsFromConfig', () => {
  it("gives every consumer the configured session timeout, so a killed replica's partitions move on that soon", () => {
    const config = loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'k:9092', KAFKA_SESSION_TIMEOUT_MS: '10000' });
    expect(kafkaOptionsFromConfig('router', config, []).sessionTimeoutMs).toBe(10_000);
    expect(kafkaOptionsFromConfig('router', loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'k:9092' }), []).sessionTimeoutMs).toBe(30_000);
  });

  it("refuses a session timeout below the broker's floor", () => {
    expect(() => loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'k:9092', KAFKA_SESSION_TIMEOUT_MS: '1000' })).toThrow(/KAFKA_SESSION_TIMEOUT_MS/);
  });
});
