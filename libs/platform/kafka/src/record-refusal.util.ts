/**
 * Broker errors about the records themselves rather than the broker's state: sending the same
 * records again can never succeed, so they are a property of one input, not an outage.
 */
const RECORD_REFUSALS: ReadonlySet<string> = new Set([
  // Larger than the topic's max.message.bytes.
  'MESSAGE_TOO_LARGE',
  // Larger than the topic's segment size.
  'RECORD_LIST_TOO_LARGE',
  // E.g. a record without a key on a compacted topic.
  'INVALID_RECORD',
  // A timestamp outside the topic's message.timestamp.*.max.ms window.
  'INVALID_TIMESTAMP',
]);

/**
 * The broker's error type when it refused the records sent (MESSAGE_TOO_LARGE…), else undefined.
 * kafkajs may wrap the protocol error (KafkaJSNonRetriableError, …), so the causes are searched too.
 */
export function recordRefusal(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if ('type' in current && typeof current.type === 'string' && RECORD_REFUSALS.has(current.type)) return current.type;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
