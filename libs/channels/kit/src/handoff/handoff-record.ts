/**
 * What a webhook hands on: a contract record for one of the topics an ingest writes. Stored as-is in
 * the spool, so it must be plain JSON.
 */
export interface HandoffRecord {
  readonly kind: 'inbound' | 'delivery';
  /** Kafka key: the sender for inbound messages (keeps their order), the outbound id for reports. */
  readonly key: string;
  readonly value: unknown;
}

/** Publishes to Kafka; resolves only once the broker acknowledged (acks=all). */
export interface HandoffPublisherPort {
  /** Throws on a record no contract accepts, so it never reaches the spool. */
  validate(record: HandoffRecord): void;
  /** An abort withdraws records not yet sent; records already on the wire may still land. */
  publish(records: readonly HandoffRecord[], signal?: AbortSignal): Promise<void>;
}

export const HANDOFF_PUBLISHER = Symbol('HANDOFF_PUBLISHER');
