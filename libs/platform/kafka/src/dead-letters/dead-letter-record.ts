import { HEADERS } from '@tributary/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { REDUCED_DEAD_LETTER_HEADERS } from '../reduced-dead-letter-headers';
import { readHeaders } from '../record-headers.util';
import type { DeadLetterId } from './dead-letter-id.util';

/** Every header the dead-letter writer adds starts with this; the rest are the original record's. */
export const DEAD_LETTER_HEADER_PREFIX = 'tributary-dlq-';

/** One record of a dead-letter topic, read back: where it sits, why it is there, and the original bytes. */
export interface DeadLetterRecord {
  /** The dead-letter topic it was read from. */
  readonly topic: string;
  readonly id: DeadLetterId;
  /** Its Kafka timestamp: the original record's, which a whole dead letter keeps (a reduced copy's is when it was written). */
  readonly timestamp: Date;
  /** `tributary-dlq-reason`; empty when the header is missing. */
  readonly reason: string;
  /** Where the original was consumed from (`tributary-dlq-source-*`). */
  readonly source: { readonly topic: string | undefined; readonly partition: number | undefined; readonly offset: string | undefined };
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** The original record's headers as it carried them (bytes), without the `tributary-dlq-*` ones. */
  readonly originalHeaders: IHeaders;
  /** Set when the writer could only keep a reduced copy: the original is whole only at its source offset. */
  readonly reduced: { readonly copy: string; readonly refusal: string | undefined; readonly originalValueBytes: number | undefined } | undefined;
}

/** Reads a consumed dead letter; tolerant of missing headers (a record written by hand, or by an older writer). */
export function toDeadLetterRecord(topic: string, partition: number, message: KafkaMessage): DeadLetterRecord {
  const headers = readHeaders(message.headers);
  const originalHeaders: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!name.startsWith(DEAD_LETTER_HEADER_PREFIX) && value !== undefined) originalHeaders[name] = value;
  }
  const copy = headers[REDUCED_DEAD_LETTER_HEADERS.copy];
  return {
    topic,
    id: { partition, offset: BigInt(message.offset) },
    timestamp: new Date(Number(message.timestamp)),
    reason: headers[HEADERS.deadLetterReason] ?? '',
    source: {
      topic: headers[HEADERS.deadLetterSourceTopic],
      partition: integerOrUndefined(headers[HEADERS.deadLetterSourcePartition]),
      offset: headers[HEADERS.deadLetterSourceOffset],
    },
    key: message.key ?? null,
    value: message.value ?? null,
    originalHeaders,
    reduced:
      copy === undefined
        ? undefined
        : {
            copy,
            refusal: headers[REDUCED_DEAD_LETTER_HEADERS.refusal],
            originalValueBytes: integerOrUndefined(headers[REDUCED_DEAD_LETTER_HEADERS.originalValueBytes]),
          },
  };
}

function integerOrUndefined(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}
