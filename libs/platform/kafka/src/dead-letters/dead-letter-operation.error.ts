export enum DeadLetterErrorCode {
  /** An id that is not `<partition>:<offset>`. */
  InvalidId = 'INVALID_DEAD_LETTER_ID',
  /** A filter value that cannot be read (a time that is no ISO 8601 timestamp, say). */
  InvalidFilter = 'INVALID_DEAD_LETTER_FILTER',
  /** No record at that position of the dead-letter topic (never written, or past its retention). */
  NotFound = 'DEAD_LETTER_NOT_FOUND',
  /** The record cannot be sent back: no source topic, one that is not Tributary's, or only a reduced copy whose original is gone. */
  NotRedrivable = 'DEAD_LETTER_NOT_REDRIVABLE',
  /** The topic could not be read to its end in time. */
  ReadTimeout = 'DEAD_LETTER_READ_TIMEOUT',
  /** Kafka did not answer (the broker is away, or refuses this client). */
  KafkaUnavailable = 'KAFKA_UNAVAILABLE',
}

/** What a dead-letter operation refused, by code; each edge (HTTP, the CLI) maps codes once. */
export class DeadLetterOperationError extends Error {
  constructor(
    readonly code: DeadLetterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeadLetterOperationError';
  }
}
