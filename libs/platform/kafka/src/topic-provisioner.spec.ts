import { TOPICS } from '@tributary/contracts';
import { topicConfigs } from './topic-provisioner';

function config(entries: readonly { name: string; value: string }[] | undefined, name: string): string | undefined {
  return entries?.find((entry) => entry.name === name)?.value;
}

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

  it('gives the dead-letter topic room for the largest record of every topic it takes dead letters from, plus its headers', () => {
    const sources = [TOPICS.inbound, TOPICS.delivery, TOPICS.outbound];
    const configs = topicConfigs([...sources, TOPICS.inboundDeadLetter], { partitions: 3, replicationFactor: 1 });
    const limits = configs.map((entry) => Number(config(entry.configEntries, 'max.message.bytes')));
    const deadLetterLimit = limits.at(-1) ?? 0;
    // Kafka's default, stated, on the sources; the dead-letter topic 64 KiB above the largest.
    expect(limits.slice(0, -1)).toEqual([1_048_588, 1_048_588, 1_048_588]);
    expect(deadLetterLimit - Math.max(...limits.slice(0, -1))).toBe(64 * 1024);
  });
});
