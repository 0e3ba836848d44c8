import { TOPICS } from '@tributary/contracts';
import { waitFor } from '@tributary/platform-testing';
import { AssignerProtocol, Partitioners, type Admin } from 'kafkajs';

/** The inbound partitions each member of the group holds (members in the broker's order), and the group's state. */
export async function inboundAssignments(admin: Admin, groupId: string): Promise<{ state: string; members: number[][] }> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (!group) return { state: 'Dead', members: [] };
  const members = group.members.map((member) => {
    if (member.memberAssignment.length === 0) return [];
    return [...(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[TOPICS.inbound] ?? [])].sort((a, b) => a - b);
  });
  return { state: group.state, members };
}

/** Waits until the group is stable with exactly `count` members, each holding inbound partitions. */
export async function waitForMembers(admin: Admin, groupId: string, count: number, timeoutMs: number): Promise<number[][]> {
  let members: number[][] = [];
  await waitFor(
    `group ${groupId} stable with ${count} members holding partitions`,
    async () => {
      const described = await inboundAssignments(admin, groupId);
      members = described.members;
      return described.state === 'Stable' && members.length === count && members.every((partitions) => partitions.length > 0);
    },
    timeoutMs,
    250,
  );
  return members;
}

/** The group's committed offset per inbound partition (-1 where none). */
export async function committedOffsets(admin: Admin, groupId: string): Promise<Map<number, bigint>> {
  const [topic] = await admin.fetchOffsets({ groupId, topics: [TOPICS.inbound] });
  return new Map((topic?.partitions ?? []).map((partition) => [partition.partition, BigInt(partition.offset)]));
}

/**
 * A record key that the producers' partitioner (murmur2, as Java's) puts on `partition` of a topic
 * with `partitions` partitions: `base` with the first suffix that lands there.
 */
export function keyOnPartition(base: string, partition: number, partitions: number): string {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
  for (let suffix = 0; suffix < 10_000; suffix += 1) {
    const key = `${base}#${suffix}`;
    if (partitioner({ topic: TOPICS.inbound, partitionMetadata, message: { key, value: null } }) === partition) return key;
  }
  throw new Error(`no key of ${base} lands on partition ${partition}`);
}
