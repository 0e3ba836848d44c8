/** One record a consumer's handler receives: its decoded value and where it came from. */
export interface ConsumedRecord<TValue> {
  readonly value: TValue;
  readonly key: string | null;
  readonly headers: Record<string, string>;
  readonly traceId: string | undefined;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
}

/** What a handler says about records it can never process: they go to the dead-letter topic. */
export interface HandlerResult<TValue> {
  readonly rejected: readonly { readonly record: ConsumedRecord<TValue>; readonly reason: string }[];
}
