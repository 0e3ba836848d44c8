import { HEADERS } from '@tributary/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

export interface DeadLetterSource {
  readonly topic: string;
  readonly partition: number;
}

/** A consumed record that can never be processed, and why. */
export interface DeadLetter {
  readonly source: DeadLetterSource;
  readonly message: KafkaMessage;
  readonly reason: string;
}

/** Keeps the original key, value and headers, and adds why and where it came from. */
export function toDeadLetterMessage(source: DeadLetterSource, message: KafkaMessage, reason: string): Message {
  const headers: IHeaders = {
    ...(message.headers ?? {}),
    [HEADERS.deadLetterReason]: reason.slice(0, 4_000),
    [HEADERS.deadLetterSourceTopic]: source.topic,
    [HEADERS.deadLetterSourcePartition]: String(source.partition),
    [HEADERS.deadLetterSourceOffset]: message.offset,
  };
  return { key: message.key, value: message.value, headers, timestamp: message.timestamp };
}
