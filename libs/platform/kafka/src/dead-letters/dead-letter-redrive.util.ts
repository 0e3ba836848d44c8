import { TOPIC_CATALOG, type TopicName } from '@tributary/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { formatDeadLetterId } from './dead-letter-id.util';
import { DeadLetterErrorCode, DeadLetterOperationError } from './dead-letter-operation.error';
import type { DeadLetterRecord } from './dead-letter-record';
import { REDRIVE_HEADERS, REDRIVE_HEADER_PREFIX } from './redrive-headers';

/** When and by whom a re-drive was asked for. */
export interface Redrive {
  readonly at: Date;
  readonly by: string;
}

/** Topics a dead letter may go back to: Tributary's contract topics, never a dead-letter topic. */
const REDRIVABLE_TOPICS: ReadonlySet<string> = new Set(TOPIC_CATALOG.filter((topic) => topic.contract !== null).map((topic) => topic.name));

/** `<topic>/<partition>:<offset>`: the dead letter's address, as the re-drive header writes it. */
export function deadLetterAddress(record: DeadLetterRecord): string {
  return `${record.topic}/${formatDeadLetterId(record.id)}`;
}

/** The topic the original was consumed from, if a dead letter may go back there; throws NotRedrivable otherwise. */
export function redriveTarget(record: DeadLetterRecord): TopicName {
  const topic = record.source.topic;
  if (topic === undefined || !REDRIVABLE_TOPICS.has(topic)) {
    throw new DeadLetterOperationError(
      DeadLetterErrorCode.NotRedrivable,
      `${deadLetterAddress(record)} names ${topic === undefined ? 'no source topic' : `source topic "${topic.slice(0, 100)}", not one of Tributary's contract topics`}`,
    );
  }
  return topic as TopicName;
}

/** Where a reduced copy's original sits, if the dead letter says so. */
export function originalPosition(record: DeadLetterRecord): { readonly partition: number; readonly offset: bigint } | undefined {
  const { partition, offset } = record.source;
  return partition !== undefined && offset !== undefined && /^\d{1,19}$/.test(offset) ? { partition, offset: BigInt(offset) } : undefined;
}

/**
 * The record to send back: the original key, value bytes and headers (a reduced copy's from
 * `original`, read at its source offset), earlier re-drive headers replaced by this one's. No
 * timestamp: the producer stamps it now, so the source topic's retention counts from the re-drive.
 */
export function toRedriveMessage(record: DeadLetterRecord, redrive: Redrive, original?: KafkaMessage): Message {
  if (record.reduced && !original) {
    const position = originalPosition(record);
    throw new DeadLetterOperationError(
      DeadLetterErrorCode.NotRedrivable,
      `${deadLetterAddress(record)} is a ${record.reduced.copy} copy and its original ${position ? `(${record.source.topic ?? '?'} partition ${position.partition} offset ${position.offset}) is no longer retained` : 'position is unknown'}`,
    );
  }
  const bytes = record.reduced && original ? { key: original.key, value: original.value, headers: original.headers ?? {} } : { key: record.key, value: record.value, headers: record.originalHeaders };
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(bytes.headers)) {
    if (!name.startsWith(REDRIVE_HEADER_PREFIX) && value !== undefined) headers[name] = value;
  }
  headers[REDRIVE_HEADERS.from] = deadLetterAddress(record);
  headers[REDRIVE_HEADERS.at] = redrive.at.toISOString();
  headers[REDRIVE_HEADERS.by] = redrive.by;
  return { key: bytes.key, value: bytes.value, headers };
}
