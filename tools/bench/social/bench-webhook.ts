/** One webhook ready to post: the provider's exact bytes and headers, and the tag its record must carry. */
export interface BenchWebhook {
  readonly rawBody: Buffer;
  readonly headers: Record<string, string>;
  /** The bench tag in the message's text (see bench-message.text), by which the record on the topic is found. */
  readonly tag: string;
}

/** One batch of a workload: the warm-up or the measured run. */
export interface WebhookBatch {
  readonly count: number;
  /** Distinct customers the messages come from, in turn. */
  readonly senders: number;
  /** Distinguishes this batch's messages and customers from another batch's (warm-up vs. measured run). */
  readonly label: string;
}
