/** The tail cannot run (no Kafka to reach, no such topic); the message says what to do instead. */
export class TailError extends Error {
  override readonly name = 'TailError';
}
