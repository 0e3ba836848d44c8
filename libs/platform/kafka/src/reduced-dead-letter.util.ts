import { HEADERS } from '@tributary/contracts';
import type { KafkaMessage, Message } from 'kafkajs';
import type { DeadLetterSource } from './dead-letter.util';
import { REDUCED_DEAD_LETTER_HEADERS } from './reduced-dead-letter-headers';
import { readHeaders } from './record-headers.util';

/** Enough of a JSON value to show its tenant, channel and ids; small enough for any sane topic. */
const TRUNCATED_VALUE_BYTES = 16 * 1024;
const KEPT_KEY_BYTES = 1_024;
const KEPT_HEADER_CHARS = 256;
const KEPT_REASON_CHARS = 1_000;

/**
 * A dead letter small whatever the original was: its value cut to its first bytes (`truncated`)
 * or left out (`bare`), its headers reduced to what says what it claimed to be, and headers saying
 * why, how big it was and where the original is.
 */
export function toReducedDeadLetterMessage(
  source: DeadLetterSource,
  message: KafkaMessage,
  reason: string,
  copy: 'truncated' | 'bare',
  refusal: string,
): Message {
  const original = readHeaders(message.headers);
  const headers: Record<string, string> = {};
  // The other original headers are left out: they may be what made the record too large.
  for (const name of [HEADERS.contract, HEADERS.contractVersion, HEADERS.traceId, HEADERS.contentType]) {
    const value = original[name];
    if (value !== undefined) headers[name] = value.slice(0, KEPT_HEADER_CHARS);
  }
  headers[HEADERS.deadLetterReason] = reason.slice(0, KEPT_REASON_CHARS);
  headers[HEADERS.deadLetterSourceTopic] = source.topic;
  headers[HEADERS.deadLetterSourcePartition] = String(source.partition);
  headers[HEADERS.deadLetterSourceOffset] = message.offset;
  headers[REDUCED_DEAD_LETTER_HEADERS.copy] = copy;
  headers[REDUCED_DEAD_LETTER_HEADERS.refusal] = refusal;
  headers[REDUCED_DEAD_LETTER_HEADERS.originalValueBytes] = String(message.value?.length ?? 0);
  const key = message.key && message.key.length <= KEPT_KEY_BYTES ? message.key : `${source.topic}/${source.partition}/${message.offset}`;
  const value = copy === 'truncated' && message.value ? message.value.subarray(0, TRUNCATED_VALUE_BYTES) : null;
  // No timestamp: the original's may be what the topic refused (INVALID_TIMESTAMP); the producer stamps now.
  return { key, value, headers };
}
