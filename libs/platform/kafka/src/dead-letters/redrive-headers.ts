/**
 * Headers a re-driven record carries beside its original ones, so a consumer, an operator reading
 * the topic, or a dead letter of the same record later, can tell it was sent again, from where and by whom.
 */
export const REDRIVE_HEADERS = {
  /** `<dead-letter topic>/<partition>:<offset>` of the dead letter it was sent again from. */
  from: 'tributary-redriven-from',
  /** When, ISO 8601. */
  at: 'tributary-redriven-at',
  /** Who: an operator key's name, or `cli:<user>@<host>`. */
  by: 'tributary-redriven-by',
} as const;

/** Headers of an earlier re-drive start with this; a new re-drive replaces them. */
export const REDRIVE_HEADER_PREFIX = 'tributary-redriven-';
