import { TOPICS } from '@tributary/contracts';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { formatDeadLetterId, type DeadLetterId } from './dead-letter-id.util';
import { matchesDeadLetterFilter, type DeadLetterFilter } from './dead-letter-filter.util';
import { DeadLetterErrorCode, DeadLetterOperationError } from './dead-letter-operation.error';
import { toDeadLetterRecord, type DeadLetterRecord } from './dead-letter-record';
import { rangesToEnd, readTopicRanges, type PartitionRange, type TopicRangeReadOptions } from './topic-range.reader';

export interface DeadLetterReaderOptions extends TopicRangeReadOptions {
  /** The dead-letter topic; the router's by default. */
  readonly topic?: string;
}

export interface DeadLetterListing {
  /** The newest matches (at most the limit), oldest first. */
  readonly records: readonly DeadLetterRecord[];
  /** Every match, including those the limit left out. */
  readonly matched: number;
  /** Records read to find them. */
  readonly scanned: number;
}

/**
 * Reads a dead-letter topic as it is now, without joining or moving any application's consumer
 * group: lists what matches a filter, fetches records by id, and reads a record at any topic's
 * position (the original of a reduced copy stays at its source offset).
 */
export class DeadLetterReader {
  readonly topic: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: DeadLetterReaderOptions = {},
  ) {
    this.topic = options.topic ?? TOPICS.inboundDeadLetter;
  }

  /** Hands every matching record to `onMatches`, partition batch by partition batch; a filter's `since` skips older records unread. */
  async scan(filter: DeadLetterFilter, onMatches: (records: readonly DeadLetterRecord[]) => Promise<void> | void): Promise<{ scanned: number; matched: number }> {
    const ranges = await this.rangesOf(this.topic, filter.since);
    let scanned = 0;
    let matched = 0;
    await readTopicRanges(
      this.kafka,
      this.topic,
      ranges,
      async (partition, messages) => {
        scanned += messages.length;
        const matches = messages.map((message) => toDeadLetterRecord(this.topic, partition, message)).filter((record) => matchesDeadLetterFilter(record, filter));
        matched += matches.length;
        if (matches.length > 0) await onMatches(matches);
      },
      this.options,
    );
    return { scanned, matched };
  }

  /** The newest `limit` matches, oldest first, with how many matched in all. */
  async list(filter: DeadLetterFilter, limit = 100): Promise<DeadLetterListing> {
    let kept: DeadLetterRecord[] = [];
    const counts = await this.scan(filter, (records) => {
      kept.push(...records);
      // Bounded memory whatever the topic holds: trim to the newest `limit` now and then.
      if (kept.length > 2 * limit) kept = newest(kept, limit);
    });
    return { records: newest(kept, limit), ...counts };
  }

  /** The records at these ids, in the order asked; NotFound names every id that holds none. */
  async get(ids: readonly DeadLetterId[]): Promise<DeadLetterRecord[]> {
    const found = await this.readAt(this.topic, ids);
    const missing = ids.filter((id) => !found.has(formatDeadLetterId(id)));
    if (missing.length > 0) {
      throw new DeadLetterOperationError(DeadLetterErrorCode.NotFound, `no dead letter at ${missing.map(formatDeadLetterId).join(', ')} of ${this.topic}`);
    }
    return ids.map((id) => toDeadLetterRecord(this.topic, id.partition, found.get(formatDeadLetterId(id)) as KafkaMessage));
  }

  /** The records at these positions of any topic, by `<partition>:<offset>`; positions outside a partition's retained offsets are absent. */
  async readAt(topic: string, positions: readonly DeadLetterId[]): Promise<Map<string, KafkaMessage>> {
    const available = new Map((await this.rangesOf(topic)).map((range) => [range.partition, range]));
    const wanted = new Map<number, bigint[]>();
    for (const { partition, offset } of positions) {
      const range = available.get(partition);
      if (range && offset >= range.start && offset < range.end) wanted.set(partition, [...(wanted.get(partition) ?? []), offset]);
    }
    // Every partition gets a range, empty where nothing is wanted, so the read never fetches those.
    const ranges: PartitionRange[] = [...available.keys()].map((partition) => {
      const offsets = wanted.get(partition) ?? [];
      if (offsets.length === 0) return { partition, start: 0n, end: 0n };
      return { partition, start: offsets.reduce((a, b) => (a < b ? a : b)), end: offsets.reduce((a, b) => (a > b ? a : b)) + 1n };
    });
    const found = new Map<string, KafkaMessage>();
    await readTopicRanges(
      this.kafka,
      topic,
      ranges,
      (partition, messages) => {
        for (const message of messages) {
          const id = `${partition}:${message.offset}`;
          if (wanted.get(partition)?.includes(BigInt(message.offset))) found.set(id, message);
        }
      },
      this.options,
    );
    return found;
  }

  /** A topic that does not exist has nothing to read: no ranges rather than an error. */
  private async rangesOf(topic: string, since?: Date): Promise<PartitionRange[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) return [];
      return await rangesToEnd(admin, topic, since);
    } finally {
      await admin.disconnect();
    }
  }
}

function newest(records: readonly DeadLetterRecord[], limit: number): DeadLetterRecord[] {
  return [...records].sort(byTime).slice(Math.max(0, records.length - limit));
}

function byTime(a: DeadLetterRecord, b: DeadLetterRecord): number {
  const time = a.timestamp.getTime() - b.timestamp.getTime();
  if (time !== 0) return time;
  if (a.id.partition !== b.id.partition) return a.id.partition - b.id.partition;
  return a.id.offset < b.id.offset ? -1 : a.id.offset > b.id.offset ? 1 : 0;
}
