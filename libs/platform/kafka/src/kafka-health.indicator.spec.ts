import type { Kafka } from 'kafkajs';
import { KafkaHealthIndicator } from './kafka-health.indicator';

const noBroker: Pick<Kafka, 'admin'> = {
  admin: () => {
    throw new Error('this test asks no broker');
  },
};

describe('KafkaHealthIndicator liveness', () => {
  it('is live while no registered part has failed for good', () => {
    const indicator = new KafkaHealthIndicator(noBroker);
    indicator.register({ readinessProblem: () => 'topics not provisioned yet' });
    indicator.register({ readinessProblem: () => null, livenessProblem: () => null });
    expect(indicator.livenessProblem()).toBeNull();
  });

  it('names the part that failed for good', () => {
    const indicator = new KafkaHealthIndicator(noBroker);
    indicator.register({ readinessProblem: () => null, livenessProblem: () => 'consumer tributary-router stopped: boom' });
    expect(indicator.livenessProblem()).toBe('consumer tributary-router stopped: boom');
  });

  it('is not ready while a registered part says so, before asking the broker', async () => {
    const indicator = new KafkaHealthIndicator(noBroker);
    indicator.register({ readinessProblem: () => 'consumer stopped: boom' });
    await expect(indicator.check()).rejects.toThrow('consumer stopped: boom');
  });
});
