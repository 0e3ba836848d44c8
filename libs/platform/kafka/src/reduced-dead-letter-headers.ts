/**
 * Headers of a reduced dead letter, sent instead of the whole record when the dead-letter topic
 * refused that (a topic created elsewhere with a smaller max.message.bytes, say). The original
 * stays readable at its source offset (the tributary-dlq-source-* headers) for the source topic's
 * retention.
 */
export const REDUCED_DEAD_LETTER_HEADERS = {
  /** `truncated`: the value's first bytes; `bare`: no value at all. */
  copy: 'tributary-dlq-copy',
  /** What the dead-letter topic answered to the whole record, e.g. MESSAGE_TOO_LARGE. */
  refusal: 'tributary-dlq-refusal',
  /** The original value's size in bytes. */
  originalValueBytes: 'tributary-dlq-original-value-bytes',
} as const;
