import type { Admin } from 'kafkajs';

/** A consumer group as the broker knows it (prefix included) and the topic it reads. */
export interface ConsumerGroupTopic {
  readonly groupId: string;
  readonly topic: string;
}

export interface PartitionOffsets {
  readonly partition: number;
  /** The group's committed offset; -1 where it has committed none. */
  readonly committed: string;
  /** The partition's log start and end. */
  readonly low: string;
  readonly high: string;
}

export interface ConsumerGroupLag extends ConsumerGroupTopic {
  /** Records on the topic the group has not consumed yet, summed over its partitions. */
  readonly lag: number;
  readonly partitions: number;
}

/**
 * Records a group has still to consume on one partition. A group without a commit there has every
 * record still in the log ahead of it; a commit below the log start (records deleted by retention)
 * counts from the start, since those records can no longer be consumed.
 */
export function partitionLag(offsets: PartitionOffsets): number {
  const high = BigInt(offsets.high);
  const low = BigInt(offsets.low);
  const committed = BigInt(offsets.committed);
  const from = committed < 0n ? low : committed < low ? low : committed;
  return Number(high > from ? high - from : 0n);
}

/** Each group's lag on its topic, read with the admin client: committed offsets against the log ends. */
export async function consumerGroupLag(admin: Admin, groups: readonly ConsumerGroupTopic[]): Promise<ConsumerGroupLag[]> {
  return Promise.all(
    groups.map(async ({ groupId, topic }) => {
      const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
      const commits = new Map((committed?.partitions ?? []).map((partition) => [partition.partition, partition.offset]));
      const lag = ends.reduce((sum, end) => sum + partitionLag({ partition: end.partition, committed: commits.get(end.partition) ?? '-1', low: end.low, high: end.high }), 0);
      return { groupId, topic, lag, partitions: ends.length };
    }),
  );
}
