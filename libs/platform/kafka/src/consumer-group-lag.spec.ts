import type { Admin } from 'kafkajs';
import { consumerGroupLag, partitionLag } from './consumer-group-lag';

describe('partitionLag', () => {
  it('counts the records between the commit and the end', () => {
    expect(partitionLag({ partition: 0, committed: '40', low: '0', high: '42' })).toBe(2);
    expect(partitionLag({ partition: 0, committed: '42', low: '0', high: '42' })).toBe(0);
  });

  it('counts the whole log for a group that never committed, and never what retention already deleted', () => {
    expect(partitionLag({ partition: 0, committed: '-1', low: '10', high: '25' })).toBe(15);
    expect(partitionLag({ partition: 0, committed: '3', low: '10', high: '25' })).toBe(15);
  });
});

describe('consumerGroupLag', () => {
  it("sums each group's lag over its topic's partitions, a partition without a commit counting whole", async () => {
    const admin = {
      fetchTopicOffsets: (topic: string) =>
        Promise.resolve(
          topic === 'inbound'
            ? [
                { partition: 0, offset: '9', high: '9', low: '0' },
                { partition: 1, offset: '5', high: '5', low: '2' },
              ]
            : [{ partition: 0, offset: '0', high: '0', low: '0' }],
        ),
      fetchOffsets: ({ topics }: { groupId: string; topics: string[] }) =>
        Promise.resolve(topics.map((topic) => ({ topic, partitions: topic === 'inbound' ? [{ partition: 0, offset: '7' }] : [] }))),
    } as unknown as Admin;
    await expect(
      consumerGroupLag(admin, [
        { groupId: 'router', topic: 'inbound' },
        { groupId: 'router-delivery', topic: 'delivery' },
      ]),
    ).resolves.toEqual([
      { groupId: 'router', topic: 'inbound', lag: 2 + 3, partitions: 2 },
      { groupId: 'router-delivery', topic: 'delivery', lag: 0, partitions: 1 },
    ]);
  });
});
