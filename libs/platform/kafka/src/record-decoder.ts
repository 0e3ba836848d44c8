import { HEADERS, decodeContract, type Contract } from '@tributary/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { z } from 'zod';
import type { ConsumedRecord } from './consumed-record';
import type { DeadLetter } from './dead-letter.util';
import { readHeaders } from './record-headers.util';

/**
 * Sorts one fetched batch into records of `contract` and dead letters. A record must say, in its
 * headers, that it is this contract and version before its value is read: a v2 or a record without
 * contract headers is dead-lettered with what was expected and found, never read as this version.
 */
export function decodeBatch<TSchema extends z.ZodType>(
  contract: Contract<TSchema>,
  source: { readonly topic: string; readonly partition: number },
  messages: readonly KafkaMessage[],
): { valid: ConsumedRecord<z.infer<TSchema>>[]; rejected: DeadLetter[] } {
  const valid: ConsumedRecord<z.infer<TSchema>>[] = [];
  const rejected: DeadLetter[] = [];
  for (const message of messages) {
    const headers = readHeaders(message.headers);
    try {
      valid.push({
        value: decodeContract(contract, message.value, headers),
        key: message.key?.toString('utf8') ?? null,
        headers,
        traceId: headers[HEADERS.traceId],
        topic: source.topic,
        partition: source.partition,
        offset: message.offset,
        timestamp: message.timestamp,
      });
    } catch (error) {
      // Whatever decoding throws concerns this record alone (no I/O happens here): rethrowing would
      // redeliver the batch to fail the same way forever, and stop the partition behind it.
      rejected.push({ source, message, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { valid, rejected };
}
