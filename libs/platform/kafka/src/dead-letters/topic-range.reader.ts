import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { DeadLetterErrorCode, DeadLetterOperationError } from './dead-letter-operation.error';

/** Offsets `start` (inclusive) to `end` (exclusive) of one partition. */
export interface PartitionRange {
  readonly partition: number;
  readonly start: bigint;
  readonly end: bigint;
}

export interface TopicRangeReadOptions {
  /** Put before the reader's throwaway consumer group (KAFKA_CONSUMER_GROUP_PREFIX, for ACLs by prefix). */
  readonly groupPrefix?: string;
  /** Gives up, naming the partitions not read to their end, after this long. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Each partition's offsets from `since` (its first record at or after that time; its first record
 * when no time is given) to its end as of now: what a one-off read of the topic covers.
 */
export async function rangesToEnd(admin: Admin, topic: string, since?: Date): Promise<PartitionRange[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const starts = since ? await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime()) : [];
  return ends.map(({ partition, low, high }) => {
    const fromTime = starts.find((start) => start.partition === partition)?.offset;
    const start = fromTime === undefined ? BigInt(low) : maxOf(BigInt(low), BigInt(fromTime));
    return { partition, start, end: BigInt(high) };
  });
}

/**
 * Reads fixed offset ranges of a topic once, handing each partition's records in order to
 * `onRecords`, then returns. The consumer group is a throwaway of its own that never commits, so
 * no application's group or offsets are touched. A throwing `onRecords` ends the read with its error.
 */
export async function readTopicRanges(
  kafka: Kafka,
  topic: string,
  ranges: readonly PartitionRange[],
  onRecords: (partition: number, messages: readonly KafkaMessage[]) => Promise<void> | void,
  options: TopicRangeReadOptions = {},
): Promise<void> {
  const pending = new Map(ranges.filter((range) => range.end > range.start).map((range) => [range.partition, range]));
  if (pending.size === 0) return;
  // Each offset is handed over once, even if a rejoin (a slow onRecords past the session timeout) reads a partition again.
  const next = new Map([...pending.values()].map((range) => [range.partition, range.start]));
  const consumer = kafka.consumer({ groupId: `${options.groupPrefix ?? ''}tributary-topic-reader-${randomUUID()}`, allowAutoTopicCreation: false });
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let timer: NodeJS.Timeout | undefined;
  let failed = false;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = pending.get(batch.partition);
        const from = next.get(batch.partition);
        if (failed || !range || from === undefined) {
          // A partition with nothing (more) to read: fetched before the pause below took hold.
          consumer.pause([{ topic, partitions: [batch.partition] }]);
          return;
        }
        const wanted = batch.messages.filter((message) => BigInt(message.offset) >= from && BigInt(message.offset) < range.end);
        try {
          if (wanted.length > 0) await onRecords(batch.partition, wanted);
          const last = wanted.at(-1);
          if (last) next.set(batch.partition, BigInt(last.offset) + 1n);
        } catch (error) {
          failed = true;
          settle?.reject(error);
          return;
        }
        if (BigInt(batch.lastOffset()) < range.end - 1n) return;
        pending.delete(batch.partition);
        consumer.pause([{ topic, partitions: [batch.partition] }]);
        if (pending.size === 0) settle?.resolve();
      },
    });
    // Seeks apply before each partition's next fetch; a fetch already under way is filtered above.
    // Give every partition of the topic a range (empty ones too), so those with nothing to read are never fetched.
    const idle = ranges.filter((range) => !pending.has(range.partition)).map((range) => range.partition);
    if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
    for (const range of pending.values()) consumer.seek({ topic, partition: range.partition, offset: range.start.toString() });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const left = [...pending.values()].map((range) => `partition ${range.partition} (offsets ${range.start}–${range.end - 1n})`).join(', ');
        reject(new DeadLetterOperationError(DeadLetterErrorCode.ReadTimeout, `${topic} was not read to its end within ${timeoutMs} ms: ${left}`));
      }, timeoutMs);
    });
    await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
