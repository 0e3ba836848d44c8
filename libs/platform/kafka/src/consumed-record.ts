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
