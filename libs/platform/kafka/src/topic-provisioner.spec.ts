import { TOPICS } from '@tributary/contracts';
import { topicConfigs } from './topic-provisioner';

describe('topicConfigs', () => {
  it('compacts the ticket state topic and keeps the event topic', () => {
    const [events, state] = topicConfigs([TOPICS.ticketEvents, TOPICS.ticketState], { partitions: 12, replicationFactor: 3 });
    expect(events).toMatchObject({ topic: 'tributary.tickets.v1', numPartitions: 12, replicationFactor: 3 });
    expect(events?.configEntries).toContainEqual({ name: 'cleanup.policy', value: 'delete' });
    expect(state?.configEntries).toContainEqual({ name: 'cleanup.policy', value: 'compact' });
  });

  it('asks for two in-sync replicas in production and accepts one on a single broker', () => {
    expect(topicConfigs([TOPICS.inbound], { partitions: 6, replicationFactor: 3 })[0]?.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '2' });
    expect(topicConfigs([TOPICS.inbound], { partitions: 6, replicationFactor: 1 })[0]?.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '1' });
  });
});
